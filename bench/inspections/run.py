"""Benchmark: a project's inspection list and acceptance tree with 50,000 inspections.

    PGPORT=54333 TMPDIR=/tmp/insp .ci/pg-up.sh            # prints DATABASE_URL=...
    DATABASE_URL=postgres://registry:registry@127.0.0.1:54333/registry \
        .venv/bin/python bench/inspections/run.py --inspections 50000 --repeat 30
    PGPORT=54333 TMPDIR=/tmp/insp .ci/pg-down.sh

Migrates the database it is given, generates one project with 10 unit
projects and the GB 50300 tree (per unit: 1 unit acceptance, 10 divisions,
100 sub-items, the rest inspection lots), one signature per record and a
photo on every tenth lot, then times the API as a firm user of the project
(object-permission visibility included) with Django's test client: p50/p95
over --repeat runs, the SQL query count of each request, and EXPLAIN ANALYZE
of the main queries. Prints Markdown for docs/benchmarks/inspections.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

BATCH = 5000


def generate(n: int):
    from common.models import StoredFile
    from inspections.models import Inspection, Photo, Signature
    from projects.models import Project
    from tests.factories.projects import (
        OrganizationFactory,
        PersonFactory,
        ProjectFactory,
        RegistrationFactory,
        UnitProjectFactory,
        UserFactory,
        add_party,
    )

    owner_org = OrganizationFactory(name="基准建设单位", kinds=("owner",))
    supervisor_org = OrganizationFactory(name="基准监理单位", kinds=("supervisor",))
    project = ProjectFactory(
        name="基准项目",
        registered_by=owner_org,
        status=Project.Status.UNDER_CONSTRUCTION,
        started_on=dt.date(2020, 1, 1),
    )
    add_party(project, "owner", owner_org)
    add_party(project, "supervisor", supervisor_org)
    ProjectFactory.create_batch(20, registered_by=owner_org)  # other visible projects, so the filter matters
    user = UserFactory(username="bench-owner", organization=owner_org)
    engineer = PersonFactory(name="基准监理", employer=supervisor_org)
    RegistrationFactory(person=engineer, kind="supervising_engineer", number="BENCH-0001")
    units = [UnitProjectFactory(project=project, name=f"{u + 1}号楼") for u in range(10)]

    start = dt.date(2021, 1, 1)
    per_unit = n // len(units)

    def make(unit, kind, name, i, parent_id=None, location=""):
        return Inspection(
            project=project,
            unit_project=unit,
            kind=kind,
            name=name,
            division_category="main_structure" if kind == "division" else "",
            location=location,
            location_key=f"{location}/" if location else "",
            performed_on=start + dt.timedelta(days=i % 1500),
            inspector=engineer,
            result="pass",
            parent_id=parent_id,
        )

    t0 = time.monotonic()
    made = 0
    for unit in units:
        with transaction.atomic():
            top = make(unit, "unit_acceptance", f"{unit.name}竣工验收", 1499)
            top.save()
            divisions = Inspection.objects.bulk_create(
                [make(unit, "division", f"分部{d}", 1400 + d, top.pk) for d in range(10)]
            )
            subs = Inspection.objects.bulk_create(
                [make(unit, "sub_item", f"分项{s}", 1300 + s % 100, divisions[s % 10].pk) for s in range(100)]
            )
            lots_needed = per_unit - 111
            lots = [
                make(unit, "inspection_lot", f"检验批{i}", i, subs[i % 100].pk, f"{i % 30 + 1}F/柱/C-{i % 97}/{i}")
                for i in range(lots_needed)
            ]
            for k in range(0, len(lots), BATCH):
                Inspection.objects.bulk_create(lots[k : k + BATCH])
        made += per_unit
    ids = list(Inspection.objects.filter(project=project).values_list("pk", "performed_on"))
    for k in range(0, len(ids), BATCH):
        Signature.objects.bulk_create(
            [
                Signature(inspection_id=pk, person=engineer, role="discipline_supervisor", signed_on=day)
                for pk, day in ids[k : k + BATCH]
            ]
        )
    files, photos = [], []
    for pk, _day in ids[::10]:
        f = StoredFile(id=uuid.uuid4(), file=f"files/bench/{pk}.jpg", kind="jpeg", size=1, sha256="0" * 64)
        files.append(f)
        photos.append(Photo(inspection_id=pk, file=f, age_check="ok"))
    StoredFile.objects.bulk_create(files, batch_size=BATCH)
    Photo.objects.bulk_create(photos, batch_size=BATCH)
    with connection.cursor() as c:
        if connection.vendor == "postgresql":  # what autovacuum does on a live database
            c.execute("VACUUM ANALYZE")
    return project, user, units, made, time.monotonic() - t0


def measure(client, url: str, repeat: int) -> dict:
    client.get(url)  # warm up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    times.sort()
    return {
        "url": url,
        "p50": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "queries": len(ctx.captured_queries),
        "bytes": len(response.content),
        "sql": [q["sql"] for q in ctx.captured_queries],
    }


def explain(sql: str) -> str:
    with connection.cursor() as c:
        c.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING ON) " + sql)
        return "\n".join(row[0] for row in c.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inspections", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    project, user, units, made, seconds = generate(args.inspections)
    client = APIClient()
    client.force_authenticate(user)
    urls = [
        f"/api/v1/inspections/?project={project.pk}",
        f"/api/v1/inspections/?project={project.pk}&page=100",
        f"/api/v1/inspections/?project={project.pk}&location=12F/柱",
        f"/api/v1/inspections/?project={project.pk}&kind=division",
        f"/api/v1/projects/{project.pk}/acceptance-tree/",
        f"/api/v1/projects/{project.pk}/acceptance-tree/?unit_project={units[0].pk}",
        f"/api/v1/projects/{project.pk}/acceptance-tree/?unit_project={units[0].pk}&lots=1",
    ]
    results = [measure(client, url, args.repeat) for url in urls]
    print(f"Database: {connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}")
    print(f"Generated {made} inspections ({made} signatures, {made // 10} photos) in {seconds:.1f} s\n")
    print("| request | p50 (ms) | p95 (ms) | queries | response (kB) |")
    print("|---|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| `{r['url'].split('/api/v1')[1]}` | {r['p50']:.1f} | {r['p95']:.1f} | {r['queries']} | {r['bytes'] / 1024:.0f} |"
        )
    if connection.vendor == "postgresql":
        for r, label, every in (
            (results[0], "list, first page", False),
            (results[2], "list, location filter", False),
            (results[4], "tree", True),
        ):
            for sql in r["sql"]:
                if "inspections_inspection" in sql and "FROM" in sql:
                    print(f"\n#### EXPLAIN ANALYZE ({label})\n\n```\n{sql[:400]}…\n\n{explain(sql)}\n```")
                    if not every:
                        break


if __name__ == "__main__":
    main()
