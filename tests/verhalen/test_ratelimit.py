"""Rate limits count per resident behind the reverse proxy, and across processes."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from verhalen.ratelimit import client_address, rate_limited

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
CODE_LIMIT = 20  # the limit on /mijn-verhaal/ posts per network in ten minutes


@pytest.fixture
def behind_proxy(settings):
    settings.VENSTER_TRUSTED_PROXIES = ["10.0.0.0/24"]


def post_code(**meta) -> int:
    """A resident tries a wrong verhaalcode; return the status."""
    response = Client().post("/mijn-verhaal/", {"code": "AAAA-AAAA-AAAA"}, **meta)
    return response.status_code


def test_two_residents_behind_the_trusted_proxy_have_their_own_limits(behind_proxy):
    """One resident using up the limit leaves another behind the same proxy alone."""
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    statuses = [post_code(**first) for _ in range(CODE_LIMIT + 1)]
    assert statuses[:CODE_LIMIT] == [400] * CODE_LIMIT
    assert statuses[CODE_LIMIT] == 429
    second = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    assert post_code(**second) == 400, "another resident is not limited"


def test_addresses_a_client_writes_itself_are_ignored(behind_proxy):
    """Only what a trusted proxy appended counts; a spoofed header changes nothing."""
    direct = [
        post_code(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
        for i in range(CODE_LIMIT + 1)
    ]
    assert direct[CODE_LIMIT] == 429, "untrusted REMOTE_ADDR: its header is ignored"
    proxied = [
        post_code(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 198.51.100.9")
        for i in range(CODE_LIMIT + 1)
    ]
    assert proxied[CODE_LIMIT] == 429, "the part left of the proxy's is the client's"
    other = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 172.16.5.4"}
    assert post_code(**other) == 400


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("203.0.113.7", "", "203.0.113.7"),
        ("203.0.113.7", "192.0.2.1", "203.0.113.7"),
        (PROXY, "192.0.2.1", "192.0.2.1"),
        (PROXY, "198.51.100.1, 192.0.2.1, 10.0.0.3", "192.0.2.1"),
        (PROXY, "10.0.0.4, 10.0.0.3", "10.0.0.4"),
        (PROXY, "", PROXY),
        (PROXY, "nonsense", "nonsense"),
    ],
)
def test_client_address_is_the_right_most_untrusted_hop(
    behind_proxy, remote, forwarded, client
):
    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_address(request) == client


def test_without_trusted_proxies_the_header_is_never_read():
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    assert settings.VENSTER_TRUSTED_PROXIES == []
    assert client_address(request) == PROXY


REDIS = os.environ.get("CACHE_URL", "")

COUNT_ELSEWHERE = """
import django
django.setup()
from django.test import RequestFactory
from verhalen.ratelimit import rate_limited
request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
print(sum(rate_limited(request, scope={scope!r}, limit=15, window=86400)
          for _ in range(10)))
"""


@pytest.mark.skipif(
    not REDIS.startswith("redis://"),
    reason="needs a shared Redis cache: set CACHE_URL=redis://127.0.0.1:6379/5",
)
def test_processes_sharing_the_redis_cache_share_one_counter(settings):
    """Ten hits in another process and six here exceed a limit of fifteen."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
        },
    }
    scope = f"test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "SECRET_KEY": "another-process-with-its-own-settings-0123456789abcdefgh",
    }
    other = subprocess.run(  # noqa: S603
        [sys.executable, "-c", COUNT_ELSEWHERE.format(scope=scope)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert other.returncode == 0, other.stderr[-2000:]
    assert other.stdout.strip() == "0", "ten hits there, none over the limit"
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    here = [
        rate_limited(request, scope=scope, limit=15, window=86400) for _ in range(6)
    ]
    assert here == [False] * 5 + [True], "the counter and its daily secret are shared"
