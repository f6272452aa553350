"""Settings for the pages benchmark: the laptop settings, DEBUG off, one extra URL."""

from config.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchmarks.urls_bare"
