"""Where the learning loop asks the search app: a hook it registers, a signal it hears.

``leren`` knows nothing of patterns or indexes; ``search`` registers these.
"""

from django.dispatch import Signal

# fn(limit) -> list of patterns no open experiment works on, for the editors' digest.
DIGEST_PATTERNS = "venster_digest_patterns"

# Sent inside the transaction that merged tags, with ``page_ids``: the pages whose
# tags changed. The search app re-indexes them and recomputes the patterns.
tags_merged = Signal()
