"""Test overrides only."""

import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "progress": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
}
# Tests run inside transactions that never commit, so data versions would not move: the
# progress cache is off, except in the tests of binhdang/indicators/freshness.py.
BINHDANG_PROGRESS_CACHE = False
BINHDANG_PROGRESS_REFRESH = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The suite runs on SQLite unless TEST_DATABASE_URL points at PostgreSQL (.ci/run does that).
DATABASES = {"default": env.db("TEST_DATABASE_URL", default="sqlite://:memory:")}
BINHDANG_ALLOW_DEMO_DATA = True
AXES_ENABLED = os.environ.get("BINHDANG_TEST_AXES", "1") == "1"
