"""Batch rows: the rules of `services.batch_register` (`clean_batch`), references looked up in bulk."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from common.identifiers import normalize_code
from materials.imports.table import BATCH_COLUMNS, BATCH_REQUIRED
from materials.models import Batch, MaterialType
from materials.services.batches import References, clean_batch
from projects.models import Organization

#: the order of a cleaned batch row in the rows file
FIELDS = tuple(BATCH_COLUMNS)


class BulkReferences(References):
    """`References` answered from lookups made for a whole chunk of rows at a time.

    `prepare(rows)` fetches every material type (the catalogue is small) once,
    and the organisations a chunk names that were not fetched before, in one
    query. Each distinct (value, kind) is then judged once by the rule in
    `References` and its outcome reused for the rows that repeat it.
    """

    def __init__(self):
        self.types = {}
        for mt in MaterialType.objects.filter(active=True):
            self.types[mt.code] = self.types[str(mt.pk)] = mt
        self.orgs: dict[str, Organization | None] = {}
        self._by_pk: dict[str, Organization] = {}
        self._outcomes: dict[tuple, Any] = {}

    def prepare(self, values) -> None:
        wanted = {str(v).strip() for v in values if v not in (None, "")} - self.orgs.keys()
        if not wanted:
            return
        codes = {normalize_code(t) for t in wanted}
        pks = {int(t) for t in wanted if t.isdigit() and len(t) < 18}
        found = Organization.objects.filter(Q(uscc__in=codes) | Q(pk__in=pks)).prefetch_related("kinds")
        by_code = {}
        for org in found:
            by_code[org.uscc] = org
            self._by_pk[str(org.pk)] = org
        for text in wanted:
            self.orgs[text] = by_code.get(normalize_code(text)) or (
                self._by_pk.get(text) if text.isdigit() and len(text) < 18 else None
            )

    def find_material_type(self, text: str) -> MaterialType | None:
        return self.types.get(text)

    def find_organization(self, text: str) -> Organization | None:
        return self.orgs.get(text)

    def material_type(self, value) -> MaterialType:
        return self._judged(("type", value), super().material_type, value)

    def organization(self, value, kind: str, *, required: bool = True) -> Organization | None:
        return self._judged(("org", value, kind, required), super().organization, value, kind, required=required)

    def _judged(self, key, rule, *args, **kwargs):
        try:
            hit = self._outcomes.get(key)
        except TypeError:  # an unhashable cell value: judge it every time
            return rule(*args, **kwargs)
        if hit is None:
            try:
                hit = self._outcomes[key] = (True, rule(*args, **kwargs))
            except ValidationError as exc:
                hit = self._outcomes[key] = (False, exc)
        ok, result = hit
        if ok:
            return result
        raise ValidationError(result.messages)  # a fresh exception each time


class BatchRows:
    """Checks batch rows for one project and turns clean ones into unsaved `Batch` objects."""

    kind = "batches"
    columns = BATCH_COLUMNS
    required = BATCH_REQUIRED
    action = "batch_import"
    model = Batch

    def __init__(self, project, actor, *, today, lock: bool):
        self.project, self.actor, self.today = project, actor, today
        self.refs = BulkReferences()

    def prepare(self, rows: list[dict]) -> None:
        self.refs.prepare(v for row in rows for v in (row.get("manufacturer"), row.get("supplier")))

    def check(self, row: dict) -> dict:
        data = {k: row.get(k) for k in FIELDS}
        for k in ("spec", "batch_number", "certificate_number", "unit"):
            data[k] = "" if data[k] is None else str(data[k])
        return clean_batch(**data, refs=self.refs, today=self.today)

    @staticmethod
    def cleaned(data: dict) -> list:
        """The row as text for the rows file (the commit checks it again)."""
        return [
            data["material_type"].code,
            data["spec"],
            data["manufacturer"].uscc,
            data["supplier"].uscc if data["supplier"] else "",
            data["batch_number"],
            data["quantity"],
            data["unit"],
            data["produced_on"].isoformat() if data["produced_on"] else "",
            data["arrived_on"].isoformat(),
            data["certificate_number"],
        ]

    @staticmethod
    def from_cleaned(values: list[str]) -> dict:
        return dict(zip(FIELDS, values, strict=True))

    def build(self, data: dict) -> tuple[dict, str]:
        """Field values of the new batch (the rest are the model's defaults) and its label (`Batch.__str__`)."""
        mt, supplier = data["material_type"], data["supplier"]
        values = {
            "project_id": self.project.pk,
            "registered_by_id": self.actor.pk,
            "material_type_id": mt.pk,
            "spec": data["spec"],
            "manufacturer_id": data["manufacturer"].pk,
            "supplier_id": supplier.pk if supplier else None,
            "batch_number": data["batch_number"],
            "batch_number_key": data["batch_number_key"],
            "quantity": data["quantity"],
            "unit": data["unit"],
            "produced_on": data["produced_on"],
            "arrived_on": data["arrived_on"],
            "certificate_number": data["certificate_number"],
        }
        return values, f"{mt.name} {data['spec']} #{data['batch_number']}".strip()
