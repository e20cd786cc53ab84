"""Exit 0 when a PostgreSQL server answers at the URL given (used by ./test)."""

import sys

try:
    import psycopg
except ImportError:  # pragma: no cover
    sys.exit(1)

url = sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/test"
try:
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3):
        pass
except Exception:
    sys.exit(1)
sys.exit(0)
