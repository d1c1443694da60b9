"""Load the GB/T 2260 division table shipped in projects/data/gbt2260.csv."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "gbt2260.csv"


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def load(apps, schema_editor):
    Region = apps.get_model("projects", "Region")
    with CSV.open(encoding="utf-8") as f:
        rows = [
            Region(
                code=row["code"],
                name=row["name"],
                level=level_of(row["code"]),
                valid_from=int(row["valid_from"]) if row["valid_from"] else None,
                valid_until=int(row["valid_until"]) if row["valid_until"] else None,
            )
            for row in csv.DictReader(f)
        ]
    Region.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
