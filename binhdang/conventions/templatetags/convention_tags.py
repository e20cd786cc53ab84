"""Template helpers of the conventions pages: clause text with its flags marked, badges."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from binhdang.conventions.choices import ReviewResult, Verdict
from binhdang.conventions.flagging import rule_reason

register = template.Library()

RESULT_CLASSES = {
    ReviewResult.NOT_REVIEWED: "text-bg-light border",
    ReviewResult.NO_DISCRIMINATION: "text-bg-success",
    ReviewResult.DISCRIMINATION_FOUND: "text-bg-danger",
    ReviewResult.FIXED: "text-bg-primary",
}
VERDICT_CLASSES = {
    Verdict.DISCRIMINATORY: "text-bg-danger",
    Verdict.NOT_DISCRIMINATORY: "text-bg-success",
    Verdict.UNSURE: "text-bg-warning",
}


@register.filter
def flag_reason(flag: dict) -> str:
    """The reason of a flag in the active language (the stored one for a retired rule)."""
    code = flag.get("rule", "")
    reason = rule_reason(code)
    return reason if reason != code else flag.get("reason", code)


def _spans(text: str, flags: list[dict]) -> list[tuple[int, int, str]]:
    """Merged (start, end, reasons) of the flags that point into the text."""
    spans = []
    for flag in flags:
        start, end = flag.get("start"), flag.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end, flag_reason(flag)))
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, reason in spans:
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            reasons = last[2] if reason in last[2] else f"{last[2]} · {reason}"
            merged[-1] = (last[0], max(last[1], end), reasons)
        else:
            merged.append((start, end, reason))
    return merged


@register.simple_tag
def clause_marked(clause) -> SafeString:
    """The clause's text, escaped, with the words that raised a flag in <mark>."""
    text = clause.text
    out = []
    position = 0
    for start, end, reasons in _spans(text, clause.flags or []):
        out.append(escape(text[position:start]))
        out.append(
            format_html('<mark class="flag-mark" title="{}">{}</mark>', reasons, text[start:end])
        )
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(str(part) for part in out).replace("\n", "<br>"))  # noqa: S308


@register.simple_tag
def result_badge(convention) -> SafeString:
    css = RESULT_CLASSES.get(convention.review_result, "text-bg-light border")
    return format_html(
        '<span class="badge {}" data-result="{}">{}</span>',
        css,
        convention.review_result,
        convention.get_review_result_display(),
    )


@register.simple_tag
def verdict_badge(clause) -> SafeString:
    if not clause.verdict:
        return mark_safe("")
    css = VERDICT_CLASSES.get(clause.verdict, "text-bg-light border")
    return format_html(
        '<span class="badge {}" data-verdict="{}">{}</span>',
        css,
        clause.verdict,
        clause.get_verdict_display(),
    )
