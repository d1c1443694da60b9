"""Print the Markdown table of every API endpoint (for docs/api.md).

python manage.py api_endpoints --write     # rewrite the table at the end of docs/api.md
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from drf_spectacular.generators import SchemaGenerator

MARKER = "## Every endpoint"


def endpoint_table() -> str:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    rows = ["| path | methods |", "|---|---|"]
    for path, ops in sorted(schema["paths"].items()):
        methods = [m.upper() for m in ("get", "post", "patch", "put", "delete") if m in ops]
        rows.append(f"| `{path}` | {', '.join(methods)} |")
    return "\n".join(rows) + "\n"


class Command(BaseCommand):
    help = "Print (or with --write, update docs/api.md with) the table of API endpoints."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true")

    def handle(self, *args, write=False, **options):
        table = endpoint_table()
        if not write:
            self.stdout.write(table)
            return
        doc = Path(settings.BASE_DIR) / "docs" / "api.md"
        text = doc.read_text()
        head = re.split(rf"^{re.escape(MARKER)}$", text, flags=re.M)[0]
        doc.write_text(f"{head}{MARKER}\n\n{table}")
        self.stdout.write(f"{doc}: {table.count(chr(10)) - 2} endpoints")
