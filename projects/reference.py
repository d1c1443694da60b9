"""Reference data shipped with the code: the GB/T 2260 division table.

Loaded by a migration on a new database and by `manage.py load_reference_data`
(after `flush`, or to apply an updated table). Loading is an upsert: codes are
never removed, because old records and ID numbers keep abolished codes.
"""

from __future__ import annotations

import csv
from pathlib import Path

REGIONS_CSV = Path(__file__).resolve().parent / "data" / "gbt2260.csv"


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def load_regions(region_model=None) -> int:
    """Insert missing codes and update changed ones; returns how many rows changed."""
    if region_model is None:
        from projects.models import Region as region_model
    existing = {r.code: r for r in region_model.objects.all()}
    new, changed = [], []
    with REGIONS_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            values = {
                "name": row["name"],
                "level": level_of(row["code"]),
                "valid_from": int(row["valid_from"]) if row["valid_from"] else None,
                "valid_until": int(row["valid_until"]) if row["valid_until"] else None,
            }
            current = existing.get(row["code"])
            if current is None:
                new.append(region_model(code=row["code"], **values))
            elif any(getattr(current, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(current, k, v)
                changed.append(current)
    region_model.objects.bulk_create(new, batch_size=500)
    region_model.objects.bulk_update(changed, ["name", "level", "valid_from", "valid_until"], batch_size=500)
    return len(new) + len(changed)
