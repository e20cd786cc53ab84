"""The `binhdang` console command: Django's manage.py with the project's settings.

`binhdang runserver`, `binhdang migrate`, `binhdang setup` and every later command
(`binhdang parse-plan`, `binhdang gen-national`…) go through here. Commands spelled with
dashes are accepted and mapped to their Django names (`parse-plan` → `parse_plan`).
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "binhdang"
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)
    return 0
