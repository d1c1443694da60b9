"""Usage rows: the rules of `services.usage_record`, batches looked up (and locked) in bulk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from common.identifiers import normalize_code
from common.locations import location_key, normalize_location
from materials import rules
from materials.imports.table import USAGE_COLUMNS, USAGE_REQUIRED
from materials.models import Batch, BatchStatus, Usage


@dataclass(slots=True)
class _Batch:
    pk: int
    status: str
    arrived_on: dt.date
    quantity: Decimal
    unit: str
    batch_number: str

    def get_status_display(self) -> str:
        return str(BatchStatus(self.status).label)


def _batch_id(row: dict) -> str:
    return str(row.get("batch_id") or "").strip()


def _number_key(row: dict) -> tuple[str, str]:
    return (
        normalize_code(str(row.get("manufacturer") or "")),
        rules.batch_number_key(str(row.get("batch_number") or "")),
    )


class UsageRows:
    """Checks usage rows for one project and turns clean ones into unsaved `Usage` objects.

    The batches a chunk names (by id, or by manufacturer + batch number) are
    fetched in two queries per chunk, with what is already used of them; in the
    commit they are locked first (`SELECT ... FOR UPDATE`), as `usage_record`
    locks its batch, so nothing can overdraw them meanwhile. The running sum
    per batch covers the rows before, so the file as a whole never uses more
    than a batch holds.
    """

    kind = "usages"
    columns = USAGE_COLUMNS
    required = USAGE_REQUIRED
    action = "usage_import"
    model = Usage

    def __init__(self, project, actor, *, today, lock: bool):
        self.project, self.actor, self.today, self.lock = project, actor, today, lock
        self.units = {u.name: u for u in project.unit_projects.all()}
        self.batches: dict[int, _Batch] = {}
        self.by_number: dict[tuple[str, str], list[_Batch]] = {}
        self.looked_up: set[int] = set()
        self.used: dict[int, Decimal] = {}

    def prepare(self, rows: list[dict]) -> None:
        ids = {int(v) for row in rows if (v := _batch_id(row)).isdigit()} - self.looked_up
        keys = {_number_key(row) for row in rows if not _batch_id(row)} - self.by_number.keys()
        keys = {k for k in keys if k[0] and k[1]}
        new: list[_Batch] = []
        if ids:
            self.looked_up |= ids
            new += self._rows(Batch.objects.filter(pk__in=ids))
        if keys:
            for k in keys:
                self.by_number[k] = []
            qs = Batch.objects.filter(
                manufacturer__uscc__in={u for u, _k in keys}, batch_number_key__in={k for _u, k in keys}
            )
            for b, uscc, key in self._rows(qs, with_key=True):
                if (uscc, key) in self.by_number:
                    self.by_number[(uscc, key)].append(b)
                new.append(b)
        new = [b for b in new if b.pk not in self.batches]
        for b in new:
            self.batches[b.pk] = b
        if new:
            rows_used = (
                Usage.objects.filter(batch_id__in=[b.pk for b in new], withdrawn_on__isnull=True)
                .values("batch_id")
                .annotate(s=Sum("quantity"))
            )
            self.used.update({r["batch_id"]: r["s"] for r in rows_used})

    def _rows(self, qs, *, with_key: bool = False) -> list:
        qs = qs.filter(project=self.project)
        if self.lock:
            qs = qs.select_for_update(of=("self",)).order_by("pk")
        out = []
        for pk, status, arrived, quantity, unit, number, uscc, key in qs.values_list(
            "pk", "status", "arrived_on", "quantity", "unit", "batch_number", "manufacturer__uscc", "batch_number_key"
        ):
            b = self.batches.get(pk) or _Batch(pk, status, arrived, quantity, unit, number)
            out.append((b, uscc, key) if with_key else b)
        return out

    def check(self, row: dict) -> dict:
        errors: dict[str, list[str]] = {}
        batch = None
        raw_id = _batch_id(row)
        if raw_id:
            batch = self.batches.get(int(raw_id)) if raw_id.isdigit() else None
            if batch is None:
                errors["batch_id"] = [_("No batch %(v)s on this project.") % {"v": raw_id}]
        else:
            key = _number_key(row)
            found = self.by_number.get(key, [])
            if not key[0] or not key[1]:
                errors["batch_number"] = [_("Give batch_id, or the manufacturer's code and the batch number.")]
            elif not found:
                errors["batch_number"] = [_("No batch with this manufacturer and batch number on this project.")]
            elif len(found) > 1:
                errors["batch_number"] = [
                    _("Several batches match; give batch_id (%(ids)s).") % {"ids": ", ".join(str(b.pk) for b in found)}
                ]
            else:
                batch = found[0]
        unit = self.units.get(str(row.get("unit_project") or "").strip())
        if unit is None:
            errors["unit_project"] = [
                _("No unit project named %(v)s on this project.") % {"v": row.get("unit_project")}
            ]
        location = rules.collect(errors, "location", normalize_location, str(row.get("location") or ""))
        quantity = rules.collect(errors, "quantity", rules.clean_quantity, row.get("quantity"))
        used_on = rules.collect(errors, "used_on", rules.clean_date, row.get("used_on"), today=self.today)
        if batch is not None:
            if batch.status != BatchStatus.ACCEPTED:
                errors.setdefault("batch_number", []).append(
                    _("Batch %(n)s is %(s)s; only accepted batches may be used.")
                    % {"n": batch.batch_number, "s": batch.get_status_display()}
                )
            if used_on and used_on < batch.arrived_on:
                errors.setdefault("used_on", []).append(
                    _("A batch cannot be used before it arrived (%(d)s).") % {"d": batch.arrived_on}
                )
            if quantity and not errors:
                used = self.used.get(batch.pk, Decimal(0)) + quantity
                if used > batch.quantity:
                    errors["quantity"] = [
                        _("Usages of batch %(n)s would reach %(u)s of %(q)s %(unit)s.")
                        % {
                            "n": batch.batch_number,
                            "u": rules.format_quantity(used),
                            "q": rules.format_quantity(batch.quantity),
                            "unit": batch.unit,
                        }
                    ]
                else:
                    self.used[batch.pk] = used
        if errors:
            raise ValidationError(errors)
        return {"batch": batch, "unit_project": unit, "location": location, "quantity": quantity, "used_on": used_on}

    @staticmethod
    def cleaned(data: dict) -> list:
        """The row as text for the rows file: the batch by id, as it was resolved."""
        return [
            data["batch"].pk,
            data["unit_project"].name,
            data["location"],
            data["quantity"],
            data["used_on"].isoformat(),
        ]

    @staticmethod
    def from_cleaned(values: list[str]) -> dict:
        return dict(zip(("batch_id", "unit_project", "location", "quantity", "used_on"), values, strict=True))

    def build(self, data: dict) -> tuple[dict, str]:
        """Field values of the new usage (the rest are the model's defaults) and its label (`Usage.__str__`)."""
        unit, location = data["unit_project"], data["location"]
        values = {
            "batch_id": data["batch"].pk,
            "project_id": self.project.pk,
            "unit_project_id": unit.pk,
            "location": location,
            "location_key": location_key(location),
            "quantity": data["quantity"],
            "used_on": data["used_on"],
            "recorded_by_id": self.actor.pk,
        }
        return values, f"{unit.name}/{location}"
