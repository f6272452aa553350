"""Keyed hashes for what must be recognised but never stored: codes, browsers, staff.

The verhaalcode is easy to read aloud, shown once, and stored only as a keyed hash;
a browser that said "dit herken ik" is known only by a keyed hash of its cookie and
the story, so its recognitions of different stories cannot be linked. A staff
member's "dit herkennen wij ook" is kept to one per story the same way.
"""

import re
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

# No look-alikes: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V.
ALPHABET = "ACDEFGHJKMNPQRTVWXY34679"
GROUPS, GROUP_SIZE = 3, 4
_CODE = re.compile(rf"^[{ALPHABET}]{{{GROUPS * GROUP_SIZE}}}$")


def code_generate() -> str:
    """Return a new code such as ``K7PM-Q3XD-9FTA`` (about 55 bits of chance)."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_SIZE))
    return "-".join(chars[i : i + GROUP_SIZE] for i in range(0, len(chars), GROUP_SIZE))


def code_normalise(typed: str) -> str | None:
    """Return the code's characters as typed, without separators, or None if invalid."""
    chars = re.sub(r"[\s\-.]", "", typed).upper()
    return chars if _CODE.match(chars) else None


def code_hash(code: str, *, purpose: str = "verhaalcode") -> str:
    """Return the keyed hash under which a code is stored.

    Each kind of code (a story's, a sign-up's) is hashed under its own ``purpose``,
    so the same code would never give the same hash in two tables.
    """
    chars = code_normalise(code) or code
    return salted_hmac(
        f"venster.{purpose}",
        chars,
        secret=settings.VERHAALCODE_KEY,
        algorithm="sha256",
    ).hexdigest()


def browser_hash(token: str, *, page_id: int) -> str:
    """Return the keyed hash under which a browser's recognition of a story is stored.

    Keyed on the story too. It is built on the story-independent hash stored before
    (``recognition_rekey``), so that migration 0010 could re-key those rows.
    """
    browser = salted_hmac(
        "venster.herkenning", token, secret=settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()
    return recognition_rekey(browser, page_id=page_id)


def recognition_rekey(browser: str, *, page_id: int) -> str:
    """Return the per-story hash of a browser's story-independent hash."""
    return salted_hmac(
        "venster.herkenning.verhaal",
        f"{browser}:{page_id}",
        secret=settings.SECRET_KEY,
        algorithm="sha256",
    ).hexdigest()


def nonce_hash(nonce: str) -> str:
    """Return the keyed hash under which a used token's nonce is remembered."""
    return salted_hmac(
        "venster.bevestiging",
        nonce,
        secret=settings.VERHAALCODE_KEY,
        algorithm="sha256",
    ).hexdigest()


def staff_hash(user_id: int, *, page_id: int) -> str:
    """Return the keyed hash that keeps a staff member to one mark on one story.

    Keyed on the story too, so that one staff member's marks on two stories share
    nothing: what an organisation recognised cannot be strung together, not even by
    whoever reads the database.
    """
    return salted_hmac(
        "venster.herkenning.organisatie",
        f"{user_id}:{page_id}",
        secret=settings.VERHAALCODE_KEY,
        algorithm="sha256",
    ).hexdigest()
