"""Rate limits without tracking: keyed on a hash of the truncated client address.

The address is cut to its network (/24 for IPv4, /48 for IPv6) and hashed with a
secret that lives only in the cache and changes every day, so yesterday's keys cannot
be linked to today's and no address is ever stored.
"""

import ipaddress
import secrets

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac


def _daily_secret() -> str:
    key = f"venster:ratelimit-secret:{timezone.now().date().isoformat()}"
    return cache.get_or_set(key, lambda: secrets.token_hex(32), timeout=2 * 86400)


def _network(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def client_key(request: HttpRequest) -> str:
    """Return today's keyed hash of the client's network; never the address."""
    return salted_hmac(
        "venster.ratelimit", _network(request), secret=_daily_secret()
    ).hexdigest()


def rate_limited(request: HttpRequest, *, scope: str, limit: int, window: int) -> bool:
    """Count one hit for this client in ``scope``; True once ``limit`` is exceeded."""
    key = f"venster:ratelimit:{scope}:{client_key(request)}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return hits > limit
