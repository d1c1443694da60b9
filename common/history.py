"""The append-only change history every lasting write leaves behind.

Service functions call `record(...)` inside their transaction, so the change
and its history entry commit or roll back together:

    with transaction.atomic():
        before = snapshot(project)
        project.name = name
        project.save(update_fields=["name"])
        record(actor=user, action="update", obj=project, before=before,
               after=snapshot(project), reason=reason)

A request id (set by common.middleware.RequestIdMiddleware, or by
`history_context()` in management commands) groups all entries one request
or command wrote.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import Q, QuerySet

from common.models import ChangeRecord, StoredFile

_request_id: contextvars.ContextVar[uuid.UUID | None] = contextvars.ContextVar("history_request_id", default=None)


def current_request_id() -> uuid.UUID | None:
    return _request_id.get()


@contextmanager
def history_context(request_id: uuid.UUID | None = None) -> Iterator[uuid.UUID]:
    """Group everything recorded inside the block under one request id."""
    rid = request_id or uuid.uuid4()
    token = _request_id.set(rid)
    try:
        yield rid
    finally:
        _request_id.reset(token)


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk if not isinstance(value.pk, uuid.UUID) else str(value.pk)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None, **extra: Any) -> dict:
    """The object's concrete field values, JSON-safe; foreign keys as ids.

    Fields that hold secrets (see `Meta`-less convention: names in
    `obj.history_exclude`) are left out, so encrypted ID numbers never reach
    the history table.
    """
    exclude = set(getattr(obj, "history_exclude", ()))
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in exclude:
            continue
        if fields is not None and field.name not in fields:
            continue
        data[field.name] = _jsonable(getattr(obj, field.attname))
    data.update({k: _jsonable(v) for k, v in extra.items()})
    return data


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    scope: models.Model | None = None,
) -> ChangeRecord:
    """Append one history entry. Must run inside the caller's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("history.record() must run inside the service's transaction.")
    if scope is None:
        scope = getattr(obj, "history_scope", None)
    return ChangeRecord.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=(actor.get_username() if getattr(actor, "is_authenticated", False) else "") or "system",
        request_id=current_request_id(),
        action=action,
        target_type=ContentType.objects.get_for_model(type(obj)),
        target_id=obj.pk,
        target_repr=str(obj)[:200],
        scope_type=ContentType.objects.get_for_model(type(scope)) if scope is not None else None,
        scope_id=scope.pk if scope is not None else None,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason or "",
    )


_action_labels: dict[str, str] = {}


def register_action_labels(labels: dict[str, str]) -> None:
    """Human labels (lazy translations) for the action names an app records."""
    _action_labels.update(labels)


def action_label(action: str) -> str:
    return str(_action_labels.get(action, action))


def file_ref(f: StoredFile | None) -> dict | None:
    """How a stored file appears in a snapshot: its id, name and hash."""
    if f is None:
        return None
    return {"id": str(f.id), "name": f.original_name, "sha256": f.sha256}


def history_for(obj: models.Model) -> QuerySet[ChangeRecord]:
    """Every entry about `obj` itself or recorded in its scope, newest first."""
    ct = ContentType.objects.get_for_model(type(obj))
    return (
        ChangeRecord.objects.filter(Q(target_type=ct, target_id=obj.pk) | Q(scope_type=ct, scope_id=obj.pk))
        .select_related("target_type", "actor")
        .order_by("-at", "-id")
    )
