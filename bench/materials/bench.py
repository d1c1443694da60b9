"""Materials benchmarks on PostgreSQL: forward trace over 1M usages, import of 100k rows.

    mkdir -p /tmp/mat && PGPORT=54332 TMPDIR=/tmp/mat .ci/pg-up.sh      # prints DATABASE_URL=…
    export DATABASE_URL=postgres://registry:registry@127.0.0.1:54332/registry REGISTRY_VAR_DIR=/tmp/mat/var
    .venv/bin/python bench/materials/bench.py [--usages 1000000] [--rows 100000] [--import-runs 3] [--trace-calls 200]
    PGPORT=54332 TMPDIR=/tmp/mat .ci/pg-down.sh

The machine is shared (other test suites may run on the same cores), so every
figure comes with the load average when it started, its wall time, the CPU
time of this process (user + sys) and the CPU time of its PostgreSQL backend
(read from /proc), so a slow wall time caused by contention can be told from
slow code.

- Data: generated with set-based SQL (generate_series), 1M usages in seconds.
- Import: each run is a fresh child process (so its peak RSS is its own) that
  goes the page's way: `imports.job_create` with the file, `job_run(validate)`,
  `job_run(commit)`. A 100k-row batch register (xlsx) by default; `--usage-rows`
  adds a usage import of the same size.
- Trace: `GET /api/v1/batches/{id}/trace/` through DRF's test client (the whole
  request: middleware, visibility, query, serialisation) and the selector
  alone, for a firm user (visibility through guardian's group grants) and a
  superuser; N calls on random batches with 50 usages each, after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault(
    "DJANGO_SETTINGS_MODULE", "config.settings_test"
)  # DEBUG off: DEBUG-mode SQL composing trips on a foundation migration
os.environ.setdefault("MATERIALS_IMPORT_INLINE", "1")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from common.identifiers import make_uscc  # noqa: E402
from materials import selectors  # noqa: E402
from materials.models import Batch, MaterialType, Usage  # noqa: E402
from projects.models import Organization, OrganizationKind, Project, UnitProject, User  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def backend_cpu_s() -> float:
    """CPU seconds (user + sys) the PostgreSQL backend of this connection has used."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


class Meter:
    """Wall, process CPU and backend CPU of a block, and the load average when it started."""

    def __enter__(self):
        self.load = load()
        self.wall, self.cpu, self.db = time.perf_counter(), cpu_s(), backend_cpu_s()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = cpu_s() - self.cpu
        self.db = backend_cpu_s() - self.db

    def line(self) -> str:
        return f"wall {self.wall:.1f} s, CPU {self.cpu:.1f} s (+ PostgreSQL backend {self.db:.1f} s), load {self.load}"


# --- data -----------------------------------------------------------------------------------


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


# --- import ---------------------------------------------------------------------------------


def import_project(user) -> Project:
    """A project of the bench firm without the trace data on it (created once)."""
    code = "2024-330106-47-01-999999"
    project = Project.objects.filter(code=code).first()
    if project is None:
        from projects.services.projects import grant_registrant_permissions

        project = Project.objects.create(
            code=code,
            name="基准导入项目",
            region_id="330106",
            address="杭州",
            design_service_life_years=50,
            registered_by=user.organization,
        )
        grant_registrant_permissions(project, user.organization)
        UnitProject.objects.bulk_create([UnitProject(project=project, name=f"{k}号楼") for k in range(1, 5)])
    return project


def write_batch_file(rows: int, mill, run: int) -> Path:
    from openpyxl import Workbook

    path = Path(tempfile.gettempdir()) / f"bench-import-batches-{rows}-{run}.xlsx"
    if path.exists():
        return path
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
                f"R{run}-{i:07d}",
                30 + i % 30,
                "t",
                "2024-03-01",
                "2024-03-05",
                f"HG-{i}",
            ]
        )
    wb.save(path)
    return path


def write_usage_file(rows: int, project: Project, run: int) -> Path:
    """Usages of accepted batches on the import project: 1 t of each, spread over units and floors."""
    from openpyxl import Workbook

    path = Path(tempfile.gettempdir()) / f"bench-import-usages-{rows}-{run}-{project.pk}.xlsx"
    batches = list(
        Batch.objects.filter(project=project, status="accepted").order_by("id").values_list("id", flat=True)[:20000]
    )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["batch_id", "unit_project", "location", "quantity", "used_on"])
    for i in range(rows):
        ws.append(
            [batches[i % len(batches)], f"{i % 4 + 1}号楼", f"{i % 30 + 1}F/柱/C-{i % 40 + 1}", 0.2, "2024-03-20"]
        )
    wb.save(path)
    return path


def import_once(path: Path, kind: str) -> dict:
    """One import the page's way, in this (fresh) process: upload, validate, commit."""
    from django.core.files import File

    from common.history import history_context
    from materials import imports

    user = User.objects.get(username="bench")
    project = import_project(user)
    rss0 = rss_mb()
    out = {"kind": kind, "rss_before": rss0}
    with history_context(), path.open("rb") as f:
        upload = File(f, name=path.name)
        job = imports.job_create(actor=user, project=project, kind=kind, upload=upload)
        for phase in ("validate", "commit"):
            with Meter() as m:
                job = imports.job_run(job, phase)
            assert job.status in ("valid", "done"), (job.status, job.message, job.errors[:3])
            out[phase] = {"wall": m.wall, "cpu": m.cpu, "db": m.db, "load": m.load, "rss": rss_mb()}
    out["rows"], out["created"] = job.processed_rows, job.created_count
    return out


def bench_import(runs: int, rows: int, kind: str, mill, user) -> None:
    project = import_project(user)
    if kind == "usages":
        # Accepted batches to use: 1,000 t each, so 100k usages of 0.2 t never overdraw.
        with connection.cursor() as c:
            c.execute(
                "UPDATE materials_batch SET status='accepted', accepted_on=DATE '2024-03-06', quantity=1000 "
                "WHERE project_id=%s AND status='arrived'",
                [project.pk],
            )
    results = []
    for run in range(runs):
        path = write_batch_file(rows, mill, run) if kind == "batches" else write_usage_file(rows, project, run)
        proc = subprocess.run(  # noqa: S603 - this script, fixed argv
            [sys.executable, __file__, "--import-once", str(path), "--kind", kind],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(r)
        v, c = r["validate"], r["commit"]
        print(
            f"import {kind} run {run + 1}: {r['rows']:,} rows, {r['created']:,} created; "
            f"validate wall {v['wall']:.1f} s CPU {v['cpu']:.1f} s (db {v['db']:.1f} s) load {v['load']}; "
            f"commit wall {c['wall']:.1f} s CPU {c['cpu']:.1f} s (db {c['db']:.1f} s) load {c['load']}; "
            f"total wall {v['wall'] + c['wall']:.1f} s CPU {v['cpu'] + c['cpu']:.1f} s "
            f"(+db {v['db'] + c['db']:.1f} s); RSS {r['rss_before']:.0f} -> {v['rss']:.0f} -> {c['rss']:.0f} MB",
            flush=True,
        )
    tot = sorted(r["validate"]["wall"] + r["commit"]["wall"] for r in results)
    cpu = sorted(r["validate"]["cpu"] + r["commit"]["cpu"] for r in results)
    print(
        f"import {kind} x{runs}: wall median {statistics.median(tot):.1f} s (min {tot[0]:.1f}, max {tot[-1]:.1f}); "
        f"CPU median {statistics.median(cpu):.1f} s (min {cpu[0]:.1f}, max {cpu[-1]:.1f})"
    )


# --- trace ----------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p * len(values)) - 1))]


def time_calls(label: str, fn, args: list) -> None:
    for a in args[:10]:  # warm-up: connection, caches, the plan
        fn(a)
    wall, cpu, db = [], [], []
    start = load()
    for a in args:
        t, c, d = time.perf_counter(), cpu_s(), backend_cpu_s()
        fn(a)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((cpu_s() - c) * 1000)
        db.append((backend_cpu_s() - d) * 1000)
    print(
        f"{label}: n={len(args)}, load {start}\n"
        f"    wall p50 {statistics.median(wall):.1f} ms, p95 {pct(wall, 0.95):.1f} ms, max {max(wall):.1f} ms\n"
        f"    CPU  p50 {statistics.median(cpu):.1f} ms, p95 {pct(cpu, 0.95):.1f} ms, max {max(cpu):.1f} ms; "
        f"PostgreSQL backend CPU {statistics.fmean(db):.1f} ms per call (mean: /proc counts {1000 / TICK:.0f} ms ticks)"
    )


def bench_trace(user, mill, calls: int) -> None:
    from rest_framework.test import APIClient

    from materials import access

    ids = list(
        Batch.objects.filter(manufacturer=mill, batch_number__startswith="H").values_list("pk", flat=True)
    )  # the batches with usages
    rng = random.Random(1)
    sample = [rng.choice(ids) for _ in range(calls)]
    batches = {b.pk: b for b in Batch.objects.filter(pk__in=sample)}
    superuser = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin",
        password="x",  # noqa: S106
        role="admin",
    )
    firm_api, admin_api = APIClient(), APIClient()
    firm_api.force_authenticate(user)
    admin_api.force_authenticate(superuser)

    def get(api, pk):
        r = api.get(f"/api/v1/batches/{pk}/trace/")
        assert r.status_code == 200 and len(r.data["usages"]) == 50, (r.status_code, len(r.data.get("usages", [])))

    time_calls("GET /batches/{id}/trace/ (firm user)", lambda i: get(firm_api, i), sample)
    time_calls("GET /batches/{id}/trace/ (superuser)", lambda i: get(admin_api, i), sample)
    time_calls("selectors.forward_trace (firm user)", lambda i: selectors.forward_trace(user, batches[i]), sample)
    time_calls("selectors.forward_trace (superuser)", lambda i: selectors.forward_trace(superuser, batches[i]), sample)
    numbers = [batches[i].batch_number for i in sample[: max(20, calls // 4)]]
    time_calls(
        "selectors.trace_by_manufacturer (firm user; 20 batches x 50 usages)",
        lambda n: selectors.trace_by_manufacturer(user, manufacturer_uscc=mill.uscc, batch_number=n),
        numbers,
    )
    b = batches[sample[0]]
    queries = {
        "the batch": Batch.objects.select_related(*selectors.BATCH_RELATED).filter(pk=b.pk),
        "its project in sight (firm user)": access.visible_projects(user).filter(pk=b.project_id),
        "its usages": Usage.objects.filter(batch=b)
        .select_related("unit_project")
        .order_by("-used_on", "-id")[: selectors.TRACE_LIMIT],
    }
    for label, q in queries.items():  # the three queries of selectors.batch_trace
        print(f"EXPLAIN ANALYZE batch trace, {label}:\n" + q.explain(analyze=True))
    u = Usage.objects.filter(batch=b).first()
    q2 = selectors.usages_at(u.project_id, u.unit_project_id, u.location.split("/")[0])
    print("EXPLAIN ANALYZE backward trace (usages_at):\n" + q2.explain(analyze=True))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--usages", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--usage-rows", type=int, default=0, help="also import this many usages (0: skip)")
    parser.add_argument("--trace-calls", type=int, default=200)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-trace", action="store_true")
    parser.add_argument("--import-once", help=argparse.SUPPRESS)
    parser.add_argument("--kind", default="batches", help=argparse.SUPPRESS)
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "run on PostgreSQL (DATABASE_URL)"
    if args.import_once:
        print(json.dumps(import_once(Path(args.import_once), args.kind)))
        return
    call_command("migrate", verbosity=0)
    owner, mill, user = setup_world()
    with connection.cursor() as c:
        c.execute("SHOW server_version")
        version = c.fetchone()[0]
    print(f"machine: {os.cpu_count()} cores, load {load()}; PostgreSQL {version}; Python {sys.version.split()[0]}")
    load_usages(args.usages, owner, mill)
    if not args.skip_import:
        bench_import(args.import_runs, args.rows, "batches", mill, user)
        if args.usage_rows:
            bench_import(args.import_runs, args.usage_rows, "usages", mill, user)
    if not args.skip_trace:
        bench_trace(user, mill, args.trace_calls)


if __name__ == "__main__":
    main()
