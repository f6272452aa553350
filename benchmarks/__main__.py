"""``make bench``: run every benchmark, each in its own process and database."""

import subprocess
import sys

BENCHMARKS = [
    "benchmarks.importer",
    "benchmarks.anonymiser",
    "benchmarks.doubts",
    "benchmarks.search",
    "benchmarks.pages",
    "benchmarks.small_numbers",
]


def main() -> int:
    failed = []
    for module in BENCHMARKS:
        print(f"\n== {module}", flush=True)
        if subprocess.run([sys.executable, "-m", module], check=False).returncode:
            failed.append(module)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
