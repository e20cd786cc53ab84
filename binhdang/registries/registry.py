"""A registry's declaration: what its pages, exports and imports need to know about it.

`views.py` declares the three registries with it; `generic_views.py` builds their pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.functional import Promise

from binhdang.registries.xlsx import WorkbookSpec


@dataclass(frozen=True)
class ListColumn:
    """A column of the list page: a header and how to show a record in it."""

    label: Promise | str
    value: Callable[[Any], Any]
    numeric: bool = False
    muted: Callable[[Any], Any] | None = None  # a second, smaller line


@dataclass(frozen=True)
class Registry:
    """One registry: everything its pages need."""

    key: str  # the model name: URL names ("modelsite_list") and permissions
    model: type[models.Model]
    title: Promise | str
    subtitle: Promise | str
    add_label: Promise | str
    empty_text: Promise | str
    form_class: type
    filterset_class: type
    list_selector: Callable[..., models.QuerySet]  # (user=, filters=)
    create: Callable[..., models.Model]  # the service: (actor=, **fields)
    update: Callable[..., models.Model]  # (actor=, obj=, **fields)
    workbook: WorkbookSpec
    list_columns: tuple[ListColumn, ...]
    detail_fields: tuple[str, ...]
    file_stem: str  # the name of downloaded files
    detail_related: tuple[str, ...] = ()

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def view_perm(self) -> str:
        return f"registries.view_{self.key}"

    @property
    def add_perm(self) -> str:
        return f"registries.add_{self.key}"

    @property
    def change_perm(self) -> str:
        return f"registries.change_{self.key}"

    def url_name(self, page: str) -> str:
        return f"registries:{self.key}_{page}"

    def row(self, obj) -> list[dict[str, Any]]:
        """The cells of a record on the list page."""
        return [
            {
                "value": column.value(obj),
                "numeric": column.numeric,
                "muted": column.muted(obj) if column.muted else "",
            }
            for column in self.list_columns
        ]

    def detail_rows(self, obj) -> list[tuple[str, str]]:
        """(label, text) of each field the detail page shows."""
        rows = []
        for name in self.detail_fields:
            field = obj._meta.get_field(name)
            value = getattr(obj, name)
            if getattr(field, "choices", None):
                text = str(getattr(obj, f"get_{name}_display")()) if value else ""
            elif isinstance(value, models.Model):
                text = str(value)
            elif value is None or value == "":
                text = ""
            elif hasattr(value, "strftime"):
                text = formats.date_format(value, "d/m/Y")
            else:
                text = str(value)
            rows.append((str(field.verbose_name), text))
        return rows
