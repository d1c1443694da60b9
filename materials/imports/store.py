"""Insert many new records, each with its history entry, inside the caller's transaction.

On PostgreSQL rows go in with `COPY ... FROM STDIN` (psycopg's `cursor.copy()`),
their ids reserved first from the table's sequence so that each history
entry names its record; elsewhere (SQLite) with `bulk_create`. Rows are
plain dicts of field values (no model instances: building and snapshotting
100,000 of them cost more than storing them). Each record gets the entry
`common.history.record` would write: actor, action, target, scope, and as
`after` what `history.snapshot` gives for the stored row (the tests compare
the two), all under the import's request id.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone

from common import history
from common.models import ChangeRecord

_HISTORY_COLUMNS = (
    "at",
    "actor_id",
    "actor_name",
    "request_id",
    "action",
    "target_type_id",
    "target_id",
    "target_repr",
    "scope_type_id",
    "scope_id",
    "before",
    "after",
    "reason",
)

#: how history.snapshot writes each Python type in JSON (everything else as is)
_JSON = {
    dt.date: dt.date.isoformat,
    dt.datetime: dt.datetime.isoformat,
    Decimal: str,
    uuid.UUID: str,
}

#: field types whose Python values psycopg's COPY takes as they are
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "ForeignKey",
    "IntegerField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


class Inserter:
    """Stores rows (dicts of attname -> value) of one model chunk by chunk, with their history.

    Fields a row leaves out get their model default; `auto_now_add` fields
    the time of the import.
    """

    def __init__(self, model: type[models.Model], *, actor, action: str, scope: models.Model):
        if not connection.in_atomic_block:
            raise RuntimeError("Inserter must run inside the import's transaction.")
        meta = model._meta
        self.model = model
        self.action = action
        self.actor_id = actor.pk
        self.actor_name = actor.get_username()
        self.request_id = history.current_request_id()
        self.target_type_id = ContentType.objects.get_for_model(model).pk
        self.scope_type_id = ContentType.objects.get_for_model(type(scope)).pk
        self.scope_id = scope.pk
        self.now = timezone.now()
        self.fields = [f for f in meta.concrete_fields if not f.primary_key]
        self.defaults = {}
        self.callable_defaults = {}
        for f in self.fields:
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                self.defaults[f.attname] = self.now
            elif f.has_default() and callable(f.default):
                self.callable_defaults[f.attname] = f.get_default
            else:
                self.defaults[f.attname] = f.get_default()
        excluded = set(getattr(model, "history_exclude", ()))
        self.snapshot_fields = [(f.name, f.attname) for f in self.fields if f.name not in excluded]
        self.copy = connection.vendor == "postgresql"
        self.prepare = [
            (f.attname, None if f.get_internal_type() in _PLAIN else f)
            for f in [meta.pk, *self.fields]  # COPY column order
        ]
        self.created = 0
        self.first_id: int | None = None
        self.last_id: int | None = None

    def _complete(self, row: dict) -> dict:
        full = {**self.defaults, **row}
        for name, default in self.callable_defaults.items():
            if name not in row:
                full[name] = default()
        return full

    def _snapshot(self, row: dict) -> dict:
        out = {}
        for name, attname in self.snapshot_fields:
            value = row[attname]
            conv = _JSON.get(type(value))
            out[name] = conv(value) if conv else value
        return out

    def _history(self, row: dict, label: str) -> list:
        return [
            self.now,
            self.actor_id,
            self.actor_name,
            self.request_id,
            self.action,
            self.target_type_id,
            row[self.model._meta.pk.attname],
            label[:200],
            self.scope_type_id,
            self.scope_id,
            None,
            self._snapshot(row),
            "",
        ]

    def store(self, rows: list[tuple[dict, str]]) -> None:
        """Insert one chunk of (field values, label for the history) pairs."""
        if not rows:
            return
        full = [(self._complete(values), label) for values, label in rows]
        pk = self.model._meta.pk.attname
        if self.copy:
            self._copy(full)
        else:
            objs = self.model.objects.bulk_create([self.model(**values) for values, _label in full])
            for (values, _label), obj in zip(full, objs, strict=True):
                values[pk] = obj.pk
                values.update({f.attname: getattr(obj, f.attname) for f in self.fields})  # as saved
            ChangeRecord.objects.bulk_create(
                [ChangeRecord(**dict(zip(_HISTORY_COLUMNS, self._history(v, label), strict=True))) for v, label in full]
            )
        ids = [values[pk] for values, _label in full]
        self.first_id = min(ids) if self.first_id is None else min(self.first_id, *ids)
        self.last_id = max(ids) if self.last_id is None else max(self.last_id, *ids)
        self.created += len(full)

    def _copy(self, full: list[tuple[dict, str]]) -> None:
        qn = connection.ops.quote_name
        meta = self.model._meta
        with connection.cursor() as c:
            c.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(full)],
            )
            for (values, _label), (pk,) in zip(full, c.fetchall(), strict=True):
                values[meta.pk.attname] = pk
            raw = c.cursor  # psycopg's own cursor, for COPY
            cols = ", ".join(qn(f.column) for f in [meta.pk, *self.fields])
            with raw.copy(f"COPY {qn(meta.db_table)} ({cols}) FROM STDIN") as copy:
                for values, _label in full:
                    copy.write_row(
                        [
                            values[name] if field is None else field.get_db_prep_save(values[name], connection)
                            for name, field in self.prepare
                        ]
                    )
            hcols = ", ".join(qn(name) for name in _HISTORY_COLUMNS)
            with raw.copy(f"COPY {qn(ChangeRecord._meta.db_table)} ({hcols}) FROM STDIN") as copy:
                for values, label in full:
                    row = self._history(values, label)
                    row[11] = json.dumps(row[11], ensure_ascii=False)
                    copy.write_row(row)
