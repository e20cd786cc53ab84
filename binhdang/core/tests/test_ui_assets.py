"""Vendored assets are in the repository and nothing is fetched from outside at run time."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

ROOT = Path(settings.BASE_DIR)
VENDOR = ROOT / "static" / "vendor"

BASE_ASSETS = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/fonts/be-vietnam-pro.css",
    "vendor/htmx/htmx.min.js",
    "vendor/chartjs/chart.umd.min.js",
    "css/app.css",
    "js/app.js",
    "img/favicon.svg",
]


@pytest.mark.parametrize("path", BASE_ASSETS)
def test_asset_is_found_by_staticfiles(path):
    assert finders.find(path), f"{path} missing: run scripts/vendor_assets.sh"


def test_versions_file_lists_the_pinned_packages():
    text = (VENDOR / "VERSIONS.txt").read_text(encoding="utf-8")
    for package in (
        "bootstrap@5.3.8",
        "htmx.org@2.0.",
        "@fontsource/be-vietnam-pro@5.",
        "chart.js@4.",
    ):
        assert package in text
    for licence in (
        "bootstrap/LICENSE",
        "htmx/LICENSE",
        "chartjs/LICENSE.md",
        "fonts/be-vietnam-pro/LICENSE",
    ):
        assert (VENDOR / licence).is_file()


def test_font_css_points_at_vendored_vietnamese_and_latin_files():
    css = (VENDOR / "fonts" / "be-vietnam-pro.css").read_text(encoding="utf-8")
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert len(urls) == 8  # weights 400, 500, 600, 700 × subsets vietnamese, latin
    for url in urls:
        assert (VENDOR / "fonts" / url).is_file(), url
    assert any("vietnamese-700" in u for u in urls)
    assert "U+1EA0-1EF9" in css  # the Vietnamese letters with tone marks


def _own_front_end_files():
    yield from (ROOT / "templates").rglob("*.html")
    for app in ("core", "accounts"):
        yield from (ROOT / "binhdang" / app / "templates").rglob("*.html")
    yield ROOT / "static" / "css" / "app.css"
    yield ROOT / "static" / "js" / "app.js"


def test_no_cdn_or_remote_url_in_templates_and_assets():
    remote = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""")
    for path in _own_front_end_files():
        assert not remote.search(path.read_text(encoding="utf-8")), path


def test_no_inline_scripts_in_templates():
    for path in _own_front_end_files():
        if path.suffix != ".html":
            continue
        for tag in re.findall(r"<script\b[^>]*>", path.read_text(encoding="utf-8")):
            assert "src=" in tag, f"inline <script> in {path}"
        assert not re.search(r"\son[a-z]+=", path.read_text(encoding="utf-8")), path
