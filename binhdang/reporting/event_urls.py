"""Communication events: list, record, edit, bulk import (filled in by the events work)."""

urlpatterns: list = []
