"""Fixtures shared by every app's tests."""

import os

import pytest

# Playwright's sync API runs its own event loop; Django must allow ORM calls beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"binhdang test database: {engine}"


@pytest.fixture
def roles(db):
    """The role groups with their permissions."""
    from binhdang.accounts.services import roles_sync

    roles_sync()


@pytest.fixture
def world(roles):
    """Two provinces, communes, a merged old commune, agencies and users (tests/world.py)."""
    from tests.world import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Vietnamese): a request that switched to
    English must not leak into the next test through the thread's active language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
