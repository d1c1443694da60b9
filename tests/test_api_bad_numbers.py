"""Out-of-range and malformed numbers in the API get a clear 400 or 404, never a server error.

Found by schemathesis (`?page=41033268065447394148352`, `?project=3.402823466e+38`): ids and page
numbers beyond the database's 64-bit integers overflowed in SQLite and PostgreSQL. Every GET
operation of the published schema is called with such values in its path and query parameters.
"""

from __future__ import annotations

import re

import pytest
import yaml
from django.test import Client

pytestmark = pytest.mark.django_db

BAD_NUMBERS = ["99999999999999999999", "3.402823466e+38", "-1", "0", "1.5", "１２"]


def get_operations(client) -> list[tuple[str, list[str]]]:
    schema = yaml.safe_load(client.get("/api/schema/").content)
    operations = []
    for path, item in schema["paths"].items():
        if "get" not in item:
            continue
        params = [p for p in item["get"].get("parameters", []) if p["in"] == "query"]
        numeric = [p["name"] for p in params if p.get("schema", {}).get("type") in ("integer", "number")]
        operations.append((path, numeric))
    return operations


def test_no_get_operation_answers_a_bad_number_with_a_server_error(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.regulator)
    operations = get_operations(client)
    assert len(operations) > 40
    failures = []
    for path, numeric in operations:
        for bad in BAD_NUMBERS:
            url = re.sub(r"\{[^}]+\}", bad, path)  # every path parameter
            query = {name: bad for name in [*numeric, "page", "project", "unit_project", "batch"]}
            for candidate in (url, *([] if "{" in path else [f"{url}?{name}={bad}" for name in query])):
                response = client.get(candidate)
                if response.status_code >= 500:
                    failures.append(f"{candidate} -> {response.status_code}")
    assert not failures, "\n".join(failures)


def page_routes(patterns=None, prefix=""):
    """Every route of the site as text, e.g. 'projects/<int:pk>/' (Django admin and the API left out)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(("admin/", "api/", "^")):
            continue
        if isinstance(entry, URLResolver):
            yield from page_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def test_no_page_answers_a_bad_number_with_a_server_error(world):
    client = Client(raise_request_exception=False)
    failures = []
    routes = list(page_routes())
    assert len(routes) > 40
    for user in (world.regulator, world.contractor, world.supervisor):
        client.force_login(user)
        for route in routes:
            for bad in ("99999999999999999999", "0"):
                url = "/" + re.sub(r"<int:[^>]+>", bad, re.sub(r"<(?:str|slug|path):[^>]+>", "x", route))
                params = f"?page={bad}&project={bad}&unit={bad}&unit_project={bad}&batch={bad}&district={bad}"
                for candidate in (url, url + params):
                    response = client.get(candidate)
                    if response.status_code >= 500:
                        failures.append(f"{user.username} {candidate} -> {response.status_code}")
    assert not failures, "\n".join(failures[:40])


def test_marking_a_notification_read_with_a_malformed_id_is_a_404(world, as_user):
    for bad in ("null,null", "I", "99999999999999999999"):
        assert as_user(world.contractor).post(f"/api/v1/notifications/{bad}/read/").status_code == 404
