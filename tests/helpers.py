"""Test helpers: per-persona access matrices and query-count checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.conftest import PERSONAS, World, client_for


def status_by_persona(
    world: World,
    method: str,
    url: str,
    data: Any = None,
    *,
    personas: list[str] | None = None,
    format: str = "json",
) -> dict[str, int]:
    """The status each persona gets for one request; every request is rolled back,
    so a write allowed for one persona does not change what the next one sees."""
    result = {}
    for name in personas or PERSONAS:
        client = client_for(world.persona(name))
        with transaction.atomic():
            call = getattr(client, method.lower())
            kwargs = {"format": format} if data is not None else {}
            response = call(url, data, **kwargs) if data is not None else call(url)
            result[name] = response.status_code
            transaction.set_rollback(True)
    return result


def assert_access(world: World, method: str, url: str, expected: dict[str, int], data: Any = None, **kw) -> None:
    """Every persona in `expected` gets exactly that status; the message lists all mismatches."""
    got = status_by_persona(world, method, url, data, personas=list(expected), **kw)
    wrong = {k: (expected[k], got[k]) for k in expected if expected[k] != got[k]}
    assert not wrong, f"{method} {url}: persona -> (expected, got): {wrong}"


def count_queries(fn: Callable[[], Any]) -> tuple[int, Any, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx.captured_queries), result, [q["sql"] for q in ctx.captured_queries]


def assert_constant_queries(
    request: Callable[[], Any], grow: Callable[[], None], *, expected: int | None = None
) -> int:
    """The request runs the same number of queries before and after `grow()` adds rows.

    With `expected`, the count is also pinned, and the SQL is shown when it differs.
    """
    before, _, _sql_before = count_queries(request)
    grow()
    after, response, sql_after = count_queries(request)
    assert getattr(response, "status_code", 200) == 200, getattr(response, "data", response)
    assert before == after, f"query count grew with the data: {before} -> {after}\n" + "\n".join(sql_after[: after + 1])
    if expected is not None:
        assert after == expected, (
            f"{expected} queries expected, got {after}. This is a pinned, performance-"
            "critical path: if a query was added on purpose, update the number and say why.\n" + "\n".join(sql_after)
        )
    return after


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF, read back with pypdf."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_fonts(data: bytes) -> str:
    """`pdffonts` output for a PDF (poppler-utils): which fonts are embedded."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["/usr/bin/pdffonts", f.name], capture_output=True, text=True, check=True).stdout
