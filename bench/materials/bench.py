"""Materials benchmarks on PostgreSQL: forward trace over 1M usages, import of 100k rows.

    mkdir -p /tmp/mat && PGPORT=54332 TMPDIR=/tmp/mat .ci/pg-up.sh      # prints DATABASE_URL=…
    DATABASE_URL=postgres://registry:registry@127.0.0.1:54332/registry \
        .venv/bin/python bench/materials/bench.py [--usages 1000000] [--rows 100000]
    PGPORT=54332 TMPDIR=/tmp/mat .ci/pg-down.sh

Generates the data with set-based SQL (generate_series), so loading 1M usages
takes seconds; then times the real code paths: `selectors.forward_trace`
(the query behind GET /batches/{id}/trace/) and `trace_by_manufacturer`,
200 calls each on random batches (p50/p95), with EXPLAIN ANALYZE of one call;
and `imports.run` on a generated 100k-row xlsx (validate + commit, wall time
and peak RSS of the process). Figures go to docs/benchmarks/materials.md.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault(
    "DJANGO_SETTINGS_MODULE", "config.settings_test"
)  # DEBUG off: DEBUG-mode SQL composing trips on a foundation migration

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from common.identifiers import make_uscc  # noqa: E402
from materials import imports, selectors  # noqa: E402
from materials.models import Batch, MaterialType, Usage  # noqa: E402
from projects.models import Organization, OrganizationKind, Project, UnitProject, User  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_world():
    from django.contrib.auth.models import Group

    def org(key, kind, region="330106"):
        uscc = make_uscc(f"91{region}MA9B{key:05d}")
        o = Organization.objects.filter(uscc=uscc).first()
        if o is None:
            o = Organization(name=f"基准{kind}{key}", uscc=uscc, region_id=region, address="杭州")
            o.group = Group.objects.create(name=f"org:{uscc}")
            o.save()
            OrganizationKind.objects.create(organization=o, kind=kind)
        return o

    owner, mill = org(1, "owner"), org(2, "manufacturer")
    user = User.objects.filter(username="bench").first()
    if user is None:
        user = User.objects.create_user("bench", password="x", role="firm", organization=owner)  # noqa: S106
        user.groups.add(owner.group)
    return owner, mill, user


def load_usages(n_usages: int, owner, mill) -> None:
    """N projects x 4 units; batches of 50 usages each; 1 in 20 batch numbers shared across projects."""
    if Usage.objects.count() >= n_usages:
        print(f"usages already loaded: {Usage.objects.count():,}")
        return
    from projects.services.projects import grant_registrant_permissions

    t0 = time.perf_counter()
    n_batches = n_usages // 50
    n_projects = max(1, n_batches // 200)
    mt = MaterialType.objects.get(code="rebar_hrb").pk
    projects = Project.objects.bulk_create(
        [
            Project(
                code=f"2024-330106-47-01-{900000 + i:06d}",
                name=f"基准项目{i}",
                region_id=["330106", "330105", "330108"][i % 3],
                address="杭州",
                design_service_life_years=50,
                registered_by=owner,
            )
            for i in range(n_projects)
        ]
    )
    for p in projects:
        grant_registrant_permissions(p, owner)
    units = UnitProject.objects.bulk_create(
        [UnitProject(project=p, name=f"{k}号楼") for p in projects for k in range(1, 5)]
    )
    with connection.cursor() as c:
        c.execute(
            """
            INSERT INTO materials_batch (project_id, material_type_id, spec, manufacturer_id, batch_number, batch_number_key,
                quantity, unit, arrived_on, certificate_number, status, accepted_by_name, accepted_on, acceptance_note, created_at)
            SELECT %s + (g %% %s), %s, 'HRB400E', %s, 'H' || (g %% %s), 'H' || (g %% %s), 1000, 't', DATE '2024-03-01', '',
                   'accepted', '', DATE '2024-03-02', '', now()
            FROM generate_series(0, %s - 1) g
            """,
            [projects[0].pk, n_projects, mt, mill.pk, n_batches // 20, n_batches // 20, n_batches],
        )
        c.execute(
            """
            INSERT INTO materials_usage (batch_id, project_id, unit_project_id, location, location_key, quantity, used_on, created_at, withdraw_reason)
            SELECT b.id, b.project_id, %s + (b.project_id - %s) * 4 + (g %% 4),
                   (g %% 30 + 1) || 'F/柱/C-' || (g %% 40 + 1), (g %% 30 + 1) || 'F/柱/C-' || (g %% 40 + 1) || '/', 1,
                   DATE '2024-03-10' + (g %% 300), now(), ''
            FROM materials_batch b CROSS JOIN generate_series(1, 50) g
            WHERE b.manufacturer_id = %s
            """,
            [units[0].pk, projects[0].pk, mill.pk],
        )
        c.execute("ANALYZE materials_batch; ANALYZE materials_usage;")
    print(
        f"loaded {n_projects:,} projects, {n_batches:,} batches, {Usage.objects.count():,} usages in {time.perf_counter() - t0:.1f} s"
    )


def time_calls(label: str, fn, ids: list[int]) -> dict:
    times = []
    for i in ids:
        t = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    out = {
        "label": label,
        "n": len(times),
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "max": times[-1],
    }
    print(f"{label}: n={out['n']} p50={out['p50']:.2f} ms p95={out['p95']:.2f} ms max={out['max']:.2f} ms")
    return out


def bench_trace(user, mill) -> None:
    ids = list(
        Batch.objects.filter(manufacturer=mill, batch_number__startswith="H").values_list("pk", flat=True)
    )  # the batches with usages
    rng = random.Random(1)
    sample = [rng.choice(ids) for _ in range(200)]
    batches = {b.pk: b for b in Batch.objects.filter(pk__in=sample)}
    superuser = User(is_superuser=True, is_active=True, role="admin")
    superuser.is_authenticated  # noqa: B018
    time_calls(
        "forward_trace (firm user, visibility subquery)", lambda i: selectors.forward_trace(user, batches[i]), sample
    )
    time_calls("forward_trace (superuser)", lambda i: selectors.forward_trace(superuser, batches[i]), sample)
    numbers = [batches[i].batch_number for i in sample[:100]]
    time_calls(
        "trace_by_manufacturer (20 batches x 50 usages each)",
        lambda n: selectors.trace_by_manufacturer(user, manufacturer_uscc=mill.uscc, batch_number=n),
        numbers,
    )
    b = batches[sample[0]]
    qs = selectors.forward_trace.__wrapped__ if hasattr(selectors.forward_trace, "__wrapped__") else None
    from materials import access

    q = (
        access.usages_visible_to(user)
        .filter(batch=b)
        .select_related("project", "unit_project")
        .order_by("-used_on", "-id")[:5000]
    )
    print("EXPLAIN ANALYZE forward trace:\n" + q.explain(analyze=True))
    u = Usage.objects.filter(batch=b).first()
    q2 = selectors.usages_at(u.project_id, u.unit_project_id, u.location.split("/")[0])
    print("EXPLAIN ANALYZE backward trace (usages_at):\n" + q2.explain(analyze=True))
    _ = qs


def bench_import(rows: int, user, mill) -> None:
    from openpyxl import Workbook

    project = Project.objects.filter(registered_by=user.organization).order_by("-id").first()
    path = Path(tempfile.gettempdir()) / f"bench-import-{rows}.xlsx"
    t = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(
        [
            "material_type",
            "spec",
            "manufacturer",
            "batch_number",
            "quantity",
            "unit",
            "produced_on",
            "arrived_on",
            "certificate_number",
        ]
    )
    for i in range(rows):
        ws.append(
            [
                "rebar_hrb",
                "HRB400E Φ25",
                mill.uscc,
                f"IMP-{i:07d}",
                30 + i % 30,
                "t",
                "2024-03-01",
                "2024-03-05",
                f"HG-{i}",
            ]
        )
    wb.save(path)
    print(f"generated {rows:,}-row xlsx ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
    before = rss_mb()
    for phase in ("validate", "commit"):
        t = time.perf_counter()
        with path.open("rb") as f:
            out = imports.run(
                actor=user, project=project, kind="batches", path=f, file_kind="xlsx", commit=phase == "commit"
            )
        print(
            f"import {phase}: {out.rows:,} rows, {out.error_count} problems, {out.created:,} created, {time.perf_counter() - t:.1f} s, peak RSS {rss_mb():.0f} MB (before: {before:.0f} MB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--usages", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "run on PostgreSQL (DATABASE_URL)"
    call_command("migrate", verbosity=0)
    owner, mill, user = setup_world()
    print(f"machine: {os.cpu_count()} cores; PostgreSQL {connection.cursor().connection.info.server_version}")
    load_usages(args.usages, owner, mill)
    if not args.skip_import:
        bench_import(args.rows, user, mill)
    bench_trace(user, mill)
    _ = io


if __name__ == "__main__":
    main()
