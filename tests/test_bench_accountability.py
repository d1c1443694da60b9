"""The province-scale benchmark's generator and runner still work with today's schema.

bench/accountability/generate.py writes every table with COPY and explicit column lists, so a
new required column or constraint breaks it; this runs both scripts at a tiny scale on the
PostgreSQL test database. The figures live in docs/benchmarks/accountability.md, not here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.db import connection

BENCH = Path(__file__).resolve().parents[1] / "bench" / "accountability"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator loads PostgreSQL with COPY"),
]


def run_script(monkeypatch, name: str, *argv: str) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    monkeypatch.setattr(sys, "argv", [name, *argv])
    module = __import__(name.removesuffix(".py"))
    module.main()


def test_the_generator_builds_checked_data_and_the_runner_measures_it(monkeypatch, capsys):
    from inspections.models import Inspection
    from materials.models import Usage
    from projects.models import Project, User
    from responsibility.models import Defect, Lead

    run_script(
        monkeypatch,
        "generate.py",
        *("--projects", "40", "--usages", "4000", "--inspections", "2000", "--defects", "30"),
        *("--chunk", "10", "--writers", "2", "--check", "25", "--seed", "6"),
    )
    out = capsys.readouterr().out
    assert Project.objects.count() == 40 and Defect.objects.count() == 30
    assert Usage.objects.count() == 4000 and Inspection.objects.count() == 2000
    assert Lead.objects.filter(project__in=Project.objects.all()).count() >= 5 * 40
    assert "sample check: 0 problems" in out, out[-2000:]  # every sampled row passed full_clean()
    assert Project.objects.visible_to(User.objects.get(username="bench-regulator")).count() == 40

    run_script(monkeypatch, "run.py", *("--defects", "5", "--repeat", "1", "--no-plans", "--no-extremes"))
    out = capsys.readouterr().out
    assert out.count("all timed passes") == 2 and "SQL statements per request" in out
