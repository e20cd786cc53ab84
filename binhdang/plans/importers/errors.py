"""The one error the importers raise: a clear, translatable message for the person importing."""

from __future__ import annotations


class PlanImportError(Exception):
    """A document that cannot be read as a plan.

    `message` is already translated (English msgid through gettext); `code` is a stable
    machine name ("empty", "too_large", "scanned_pdf", "bad_docx", "unknown_extension",
    "not_a_plan", "unreadable") for callers that branch on the kind of failure.
    """

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message
