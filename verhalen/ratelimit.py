"""Rate limits without tracking: keyed on a hash of the truncated client address.

The address is cut to its network (/24 for IPv4, /48 for IPv6) and hashed with a
secret that lives only in the cache and changes every day, so yesterday's keys cannot
be linked to today's and no address is ever stored. django-ratelimit counts the hits
under that hash, in the default cache: in production a cache that every worker
shares (``CACHE_URL``), or each worker would count alone.

Behind a reverse proxy every request comes from the proxy's address. The client's
address is then taken from ``X-Forwarded-For``, but only when the request came from
a proxy listed in ``VENSTER_TRUSTED_PROXIES``: each trusted proxy appends the address
it received from, so the right-most address that is not a trusted proxy is the
client. Anything further left was written by the client and is ignored.
"""

import functools
import ipaddress
import secrets

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_ratelimit.core import is_ratelimited

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _daily_secret() -> str:
    key = f"venster:ratelimit-secret:{timezone.now().date().isoformat()}"
    return cache.get_or_set(key, lambda: secrets.token_hex(32), timeout=2 * 86400)


@functools.cache
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address: the peer's, or what trusted proxies say it was."""
    address = request.META.get("REMOTE_ADDR", "")
    networks = _trusted(tuple(settings.VENSTER_TRUSTED_PROXIES))
    if not _is_trusted(address, networks):
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed([hop.strip() for hop in forwarded if hop.strip()]):
        address = hop
        if not _is_trusted(hop, networks):
            break
    return address


def _network(request: HttpRequest) -> str:
    try:
        ip = ipaddress.ip_address(client_address(request))
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
    return is_ratelimited(
        request,
        group=f"venster.{scope}",
        key=lambda group, request: client_key(request),
        rate=(limit, window),
        increment=True,
    )
