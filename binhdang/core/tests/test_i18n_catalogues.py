"""Every translation catalogue in the repository is complete and compiled.

Vietnamese is the default language and must never show an English fallback: a django.po
with an empty or fuzzy msgstr fails, and so does a django.mo that does not hold exactly
what its django.po says (someone added strings and forgot `compilemessages`).
"""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP_DIRS = {".venv", "node_modules", ".git", "var", "artifacts", "build"}


def _catalogues() -> list[Path]:
    found = []
    for po in ROOT.rglob("django*.po"):
        if SKIP_DIRS.intersection(po.relative_to(ROOT).parts):
            continue
        found.append(po)
    return sorted(found)


def _string(text: str) -> str:
    """The body of one quoted PO string, escapes left as they are (only emptiness matters)."""
    text = text.strip()
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def parse_po(path: Path) -> list[dict]:
    """A small PO reader: entries with msgctxt, msgid, msgid_plural, msgstr[*] and flags."""
    entries: list[dict] = []
    entry: dict = {}
    key = ""

    def has_msgstr() -> bool:
        return any(k.startswith("msgstr") for k in entry)

    def finish() -> None:
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~"):
            continue  # obsolete entries do not count
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if has_msgstr():
                finish()
            if line.startswith("#,"):
                entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith('"'):
            entry[key] += _string(line)
            continue
        word, _sep, rest = line.partition(" ")
        if word in ("msgctxt", "msgid") and has_msgstr():
            finish()
        key = word
        entry[key] = _string(rest)
    finish()
    return entries


CATALOGUES = _catalogues()


def test_there_are_vietnamese_catalogues():
    names = {str(p.relative_to(ROOT)) for p in CATALOGUES}
    for expected in (
        "locale/vi/LC_MESSAGES/django.po",
        "binhdang/core/locale/vi/LC_MESSAGES/django.po",
        "binhdang/accounts/locale/vi/LC_MESSAGES/django.po",
    ):
        assert expected in names


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(po):
    problems = []
    for entry in parse_po(po):
        if entry["msgid"] == "":
            continue  # the header
        label = entry["msgid"][:60]
        if "fuzzy" in entry.get("flags", set()):
            problems.append(f"fuzzy: {label!r}")
        translations = [v for k, v in entry.items() if k.startswith("msgstr")]
        if not translations or any(t == "" for t in translations):
            problems.append(f"untranslated: {label!r}")
    assert not problems, f"{po}:\n" + "\n".join(problems)


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_valid_and_compiled(po, tmp_path):
    """msgfmt accepts the .po (format strings match) and the .mo holds the same messages."""
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo} missing: run compilemessages"
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    fresh = tmp_path / "fresh.mo"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(fresh), str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    with fresh.open("rb") as f_fresh, mo.open("rb") as f_committed:
        expected = gettext.GNUTranslations(f_fresh)._catalog
        committed = gettext.GNUTranslations(f_committed)._catalog
    assert committed == expected, f"{mo} is out of date: run compilemessages"
