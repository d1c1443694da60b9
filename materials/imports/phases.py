"""The two phases of an import: validate (store nothing) and commit (all or nothing)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common import history
from materials import access
from materials.imports.batches import BatchRows
from materials.imports.rowsfile import RowsWriter, read_rows_file
from materials.imports.store import Inserter
from materials.imports.table import Outcome, Problem, read_table
from materials.imports.usages import UsageRows
from materials.services.batches import require_open_project
from projects.models import Project

CHUNK = 5000  # rows looked up, checked and inserted together

Progress = Callable[[int], None] | None


def row_kind(kind: str):
    return {"batches": BatchRows, "usages": UsageRows}[kind]


def _messages(exc: ValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [(f, m) for f, msgs in exc.message_dict.items() for m in msgs]
    return [("", m) for m in exc.messages]


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _check(
    rows: Iterable[tuple[int, dict]], checker, outcome: Outcome, progress: Progress
) -> Iterator[tuple[int, dict]]:
    """Check rows chunk by chunk; yield (row number, cleaned data) of the rows without problems."""
    done = 0
    for chunk in _chunks(rows, CHUNK):
        checker.prepare([row for _n, row in chunk])
        for number, row in chunk:
            try:
                data = checker.check(row)
            except ValidationError as exc:
                for f, m in _messages(exc):
                    outcome.add(Problem(number, f, m))
                continue
            yield number, data
        done += len(chunk)
        if progress:
            progress(done)


def validate_file(*, actor, project: Project, kind: str, file, file_kind: str, progress: Progress = None):
    """Check every row with the services' rules; store nothing.

    Returns (outcome, rows): `rows` is a rewound temporary file of the cleaned
    rows for `commit_rows` when there is no problem, else None.
    """
    access.require_on_project(actor, project, "change")
    require_open_project(project)
    outcome = Outcome()
    checker = row_kind(kind)(project, actor, today=timezone.localdate(), lock=False)
    out = RowsWriter()
    table = read_table(file, file_kind, checker.columns, checker.required, outcome)
    for number, data in _check(table, checker, outcome, progress):
        if not outcome.error_count:
            out.write(number, checker.cleaned(data))
    rows = out.finish()
    if outcome.error_count:
        rows.close()
        return outcome, None
    return outcome, rows


def commit_rows(
    *, actor, project: Project, kind: str, rows, progress: Progress = None, source: dict | None = None
) -> Outcome:
    """Store the cleaned rows of a validated file in one transaction, or nothing.

    Inside the transaction the project row is locked (and, for usages, each
    batch the rows use), every row is checked again with the same rules
    (references may have changed since the validation: a type withdrawn, a
    batch failed or used meanwhile) and any problem rolls everything back.
    `source` (file name, SHA-256) goes into the import's history entry.
    """
    access.require_on_project(actor, project, "change")
    outcome = Outcome()
    with transaction.atomic(), history.history_context(history.current_request_id()):
        locked = Project.objects.select_for_update().get(pk=project.pk)
        require_open_project(locked)
        checker = row_kind(kind)(locked, actor, today=timezone.localdate(), lock=True)
        store = Inserter(checker.model, actor=actor, action=checker.action, scope=locked)

        def cleaned():
            for number, values in read_rows_file(rows):
                outcome.rows += 1
                yield number, checker.from_cleaned(values)

        pending = []
        for _number, data in _check(cleaned(), checker, outcome, progress):
            if outcome.error_count:
                continue  # keep checking, to list every problem; nothing will be stored
            pending.append(checker.build(data))
            if len(pending) >= CHUNK:
                store.store(pending)
                pending = []
        if outcome.error_count:
            transaction.set_rollback(True)
            return outcome
        store.store(pending)
        outcome.created = store.created
        history.record(
            actor=actor,
            action="import_commit",
            obj=locked,
            after={
                "kind": kind,
                "rows": outcome.rows,
                "created": store.created,
                "first_id": store.first_id,
                "last_id": store.last_id,
                **(source or {}),
            },
        )
    return outcome
