"""Benchmark: GET /api/v1/defects/{id}/accountability/ on the province-scale data (goal: p95 ≤ 50 ms).

    export DJANGO_SETTINGS_MODULE=config.settings_test DATABASE_URL=postgres://registry:registry@127.0.0.1:54336/registry
    .venv/bin/python bench/accountability/run.py [--defects 200] [--repeat 3] [--gunicorn] [--seed 1]

Needs the data of bench/accountability/generate.py. For two callers, the province's
regulator (`bench-regulator`, jurisdiction 33: the region-prefix rule) and a firm user
(`bench-firm`, the biggest contractor: guardian's group grants), it samples --defects
defects each (the firm's among the projects it sees) and requests their trace with
`Authorization: Token …`: by default through Django's test client in this process (the
whole request: middleware, token lookup, visibility, the trace, DRF serialisation, JSON
rendering), with --gunicorn through a real gunicorn (one sync worker) over HTTP keep-alive.

Reports, per caller: p50/p95/p99/max wall time of --repeat passes after a first pass (whose
figures are given too), the CPU time per request of the Python process and of the
PostgreSQL backend (/proc), the SQL statements per request (min/max over the sample), the
time by trace size (rows = work records + materials), the server-side time of every
statement from EXPLAIN (ANALYZE, BUFFERS) summed per trace, and the plans of every statement
of one trace. The machine is shared, so the load average is printed at the start and after
each pass; the database execution time and the CPU time do not depend on the contention the
way wall time does.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from random import Random

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
SIZES = ((0, "no work records or usages"), (20, "1-20 rows"), (100, "21-100 rows"), (10**9, "over 100 rows"))


def proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc, 10 ms resolution)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> None:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    print(
        f"Machine: {os.cpu_count()} × {cpu}, {int(mem.split()[1]) // 1024**2} GiB RAM, Python {platform.python_version()}"
    )
    with connection.cursor() as c:
        c.execute("SHOW server_version")
        version = c.fetchone()[0]
        settings = []
        for name in ("shared_buffers", "effective_cache_size", "work_mem", "random_page_cost", "jit", "fsync"):
            c.execute(f"SHOW {name}")
            settings.append(f"{name}={c.fetchone()[0]}")
        print(f"PostgreSQL {version}: {', '.join(settings)}")
        c.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = c.fetchone()[0]
        c.execute(
            """SELECT relname, reltuples::bigint FROM pg_class WHERE relname IN
               ('projects_project', 'projects_unitproject', 'materials_usage', 'inspections_inspection',
                'inspections_signature', 'materials_batch', 'responsibility_defect', 'responsibility_lead')
               ORDER BY reltuples DESC"""
        )
        rows = ", ".join(f"{name.split('_', 1)[1]} {n:,}" for name, n in c.fetchall())
        print(f"Data: {size}; {rows} (planner estimates)")


def sample_defects(user, n: int, rng: Random) -> list[int]:
    from responsibility.defects.access import defects_visible_to

    ids = list(defects_visible_to(user).order_by("id").values_list("id", flat=True))
    return sorted(rng.sample(ids, min(n, len(ids))))


class InProcess:
    """Django's test client: the full request in this process (no HTTP parsing or socket)."""

    label = "Django test client, in process"

    def __init__(self, token: str):
        self.client = Client(HTTP_AUTHORIZATION=f"Token {token}")

    def get(self, path: str) -> tuple[int, bytes]:
        response = self.client.get(path)
        return response.status_code, response.content

    def cpu(self) -> float:
        return time.process_time()

    def close(self) -> None:
        pass


class Gunicorn:
    """A real gunicorn (one sync worker) on 127.0.0.1, asked over one keep-alive connection."""

    label = "gunicorn, 1 sync worker, HTTP keep-alive"
    port = 8766

    def __init__(self, token: str):
        self.token = token
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "config.wsgi",
                "--workers=1",
                f"--bind=127.0.0.1:{self.port}",
                "--keep-alive=60",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1,localhost"},
        )
        for _ in range(100):
            try:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.get("/api/v1/")
                break
            except OSError:
                time.sleep(0.2)
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        self.worker = int(children[0])

    def get(self, path: str) -> tuple[int, bytes]:
        self.connection.request("GET", path, headers={"Authorization": f"Token {self.token}", "Host": "127.0.0.1"})
        response = self.connection.getresponse()
        return response.status, response.read()

    def cpu(self) -> float:
        return proc_cpu(self.worker)

    def close(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def backend_pids() -> set[int]:
    with connection.cursor() as c:
        c.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'"
        )
        return {row[0] for row in c.fetchall()}


def measure(caller, ids: list[int], repeat: int, mine: int | None) -> dict:
    """One first pass, then `repeat` timed passes over the same defects."""
    passes = []
    sizes = {}
    for n in range(repeat + 1):
        wall = []
        cpu_before = caller.cpu()
        db_before = sum(proc_cpu(pid) for pid in mine_pids(mine))
        for defect_id in ids:
            t = time.perf_counter()
            status, body = caller.get(f"/api/v1/defects/{defect_id}/accountability/")
            wall.append((time.perf_counter() - t) * 1000)
            assert status == 200, (defect_id, status, body[:200])
            if n == 0:
                data = json.loads(body)
                sizes[defect_id] = (len(data["work_records"]) + len(data["materials"]), len(body), data)
        cpu = (caller.cpu() - cpu_before) / len(ids) * 1000
        db_cpu = (sum(proc_cpu(pid) for pid in mine_pids(mine)) - db_before) / len(ids) * 1000
        passes.append({"wall": wall, "cpu": cpu, "db_cpu": db_cpu, "load": load()})
    return {"passes": passes, "sizes": sizes}


def mine_pids(pid: int | None) -> list[int]:
    return [pid] if pid else sorted(backend_pids())


def explain(sql: str, *, timing: bool) -> tuple[float, float, str]:
    with connection.cursor() as c:
        if timing:
            c.execute("EXPLAIN (ANALYZE, BUFFERS, TIMING ON) " + sql)
            text = "\n".join(row[0] for row in c.fetchall())
            execution = float(text.rsplit("Execution Time: ", 1)[1].split()[0])
            planning = float(text.rsplit("Planning Time: ", 1)[1].split()[0])
            return planning, execution, text
        c.execute("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) " + sql)
        plan = c.fetchone()[0]
        plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
        return plan["Planning Time"], plan["Execution Time"], ""


def statements(client: Client, defect_id: int) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/v1/defects/{defect_id}/accountability/")
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def server_time(client: Client, ids: list[int]) -> tuple[list[float], list[int]]:
    """Planning + execution time of every statement of each trace (EXPLAIN ANALYZE, timing off)."""
    totals, counts = [], []
    for defect_id in ids:
        sqls = statements(client, defect_id)
        counts.append(len(sqls))
        total = 0.0
        for sql in sqls:
            planning, execution, _ = explain(sql, timing=False)
            total += planning + execution
        totals.append(total)
    return totals, counts


def report(label: str, result: dict, db_times: list[float], counts: list[int]) -> None:
    first, *rest = result["passes"]
    wall = [w for p in rest for w in p["wall"]]
    print(f"\n### {label}\n")
    print(f"- requests: {len(first['wall'])} defects × {len(rest)} passes (after a first pass)")
    print("| pass | p50 | p95 | p99 | max | CPU, Python / request | CPU, PostgreSQL / request | load average after |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for n, p in enumerate(result["passes"]):
        w = p["wall"]
        print(
            f"| {'first' if n == 0 else n} | {statistics.median(w):.1f} | {percentile(w, 95):.1f} | "
            f"{percentile(w, 99):.1f} | {max(w):.1f} | {p['cpu']:.1f} | {p['db_cpu']:.1f} | {p['load']} |"
        )
    print(
        f"| **all timed passes** | **{statistics.median(wall):.1f}** | **{percentile(wall, 95):.1f}** | "
        f"**{percentile(wall, 99):.1f}** | {max(wall):.1f} | {statistics.mean(p['cpu'] for p in rest):.1f} | "
        f"{statistics.mean(p['db_cpu'] for p in rest):.1f} | |"
    )
    print("\n(milliseconds)\n")
    print(
        f"- SQL statements per request: {min(counts)}–{max(counts)}; server time of all statements "
        f"(EXPLAIN ANALYZE, planning + execution) per trace: p50 {statistics.median(db_times):.2f} ms, "
        f"p95 {percentile(db_times, 95):.2f} ms, max {max(db_times):.2f} ms"
    )
    ids = list(result["sizes"])
    print("\n| trace size | defects | p50 | p95 | max | response p50 |\n|---|---:|---:|---:|---:|---:|")
    low = -1
    for high, name in SIZES:
        idx = [k for k, d in enumerate(ids) if low < result["sizes"][d][0] <= high]
        low = high
        if not idx:
            continue
        w = [p["wall"][k] for p in rest for k in idx]
        kb = statistics.median(result["sizes"][ids[k]][1] for k in idx) / 1024
        print(
            f"| {name} | {len(idx)} | {statistics.median(w):.1f} | {percentile(w, 95):.1f} | {max(w):.1f} | {kb:.0f} kB |"
        )
    slowest = sorted(range(len(ids)), key=lambda k: -max(p["wall"][k] for p in rest))[:5]
    print("\nSlowest defects (best of the timed passes; rows = work records + materials):")
    for k in slowest:
        d = result["sizes"][ids[k]][2]["defect"]
        best = min(p["wall"][k] for p in rest)
        print(
            f"- defect {ids[k]}: {best:.1f} ms, {result['sizes'][ids[k]][0]} rows, "
            f"unit {d['unit_project'] or '-'} location {d['location'] or '(whole unit or project)'!r}"
        )


EXTREMES = {
    "whole project (no unit), the project with most usages": """
        SELECT d.id FROM responsibility_defect d
        JOIN (SELECT project_id, count(*) n FROM materials_usage GROUP BY project_id) u USING (project_id)
        WHERE d.unit_project_id IS NULL ORDER BY u.n DESC, d.id LIMIT 1""",
    "whole unit, the unit with most usages": """
        SELECT d.id FROM responsibility_defect d
        JOIN (SELECT unit_project_id, count(*) n FROM materials_usage GROUP BY unit_project_id) u USING (unit_project_id)
        WHERE d.location = '' ORDER BY u.n DESC, d.id LIMIT 1""",
    "a place in the unit with most usages": """
        SELECT d.id FROM responsibility_defect d
        JOIN (SELECT unit_project_id, count(*) n FROM materials_usage GROUP BY unit_project_id) u USING (unit_project_id)
        WHERE d.location <> '' ORDER BY u.n DESC, d.id LIMIT 1""",
}


def extremes(token: str, repeat: int = 10) -> None:
    """The heaviest traces in the data, outside the random sample: what the tail looks like."""
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    print("\n### The heaviest traces (regulator; not part of the random sample)\n")
    print(
        "| defect | rows | response | p50 | max | CPU, Python / request | statements |\n|---|---:|---:|---:|---:|---:|---:|"
    )
    for label, sql in EXTREMES.items():
        with connection.cursor() as c:
            c.execute(sql)
            defect_id = c.fetchone()[0]
        status, body = client.get(f"/api/v1/defects/{defect_id}/accountability/").status_code, None
        wall, cpu = [], []
        for _ in range(repeat):
            t, p = time.perf_counter(), time.process_time()
            response = client.get(f"/api/v1/defects/{defect_id}/accountability/")
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - p) * 1000)
            body = response.content
        data = json.loads(body)
        count = len(statements(client, defect_id))
        print(
            f"| {label} (#{defect_id}) | {len(data['work_records'])} records + {len(data['materials'])} usages | "
            f"{len(body) / 1024:.0f} kB | {statistics.median(wall):.1f} | {max(wall):.1f} | "
            f"{statistics.median(cpu):.1f} | {count} |"
        )
        assert status == 200


def print_plans(client: Client, ids: list[int], sizes: dict) -> None:
    """Every statement of one typical trace (the median-size trace with records), with its plan."""
    with_rows = sorted((sizes[d][0], d) for d in ids if sizes[d][0] > 0)
    defect_id = with_rows[len(with_rows) // 2][1]
    sqls = statements(client, defect_id)
    print(
        f"\n### EXPLAIN (ANALYZE, BUFFERS) of every statement of one trace (defect {defect_id}, {sizes[defect_id][0]} rows)"
    )
    total = 0.0
    for n, sql in enumerate(sqls, 1):
        planning, execution, text = explain(sql, timing=True)
        total += planning + execution
        print(f"\n#### {n}. {sql[:300]}{'…' if len(sql) > 300 else ''}\n\n```\n{text}\n```")
    print(f"\nServer time of the {len(sqls)} statements: {total:.2f} ms (planning + execution)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--defects", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gunicorn", action="store_true", help="measure through a real gunicorn over HTTP")
    parser.add_argument("--users", default="bench-regulator,bench-firm")
    parser.add_argument("--no-plans", action="store_true")
    parser.add_argument("--no-extremes", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run on PostgreSQL (DATABASE_URL), with the data of bench/accountability/generate.py.")
    from rest_framework.authtoken.models import Token

    from projects.models import User

    print(f"Load average at the start (1, 5, 15 min): {load()}")
    machine()
    rng = Random(args.seed)
    for username in args.users.split(","):
        user = User.objects.get(username=username)
        token = Token.objects.get(user=user).key
        ids = sample_defects(user, args.defects, rng)
        caller = (Gunicorn if args.gunicorn else InProcess)(token)
        try:
            mine = None
            if not args.gunicorn:
                connection.ensure_connection()
                with connection.cursor() as c:
                    c.execute("SELECT pg_backend_pid()")
                    mine = c.fetchone()[0]
            result = measure(caller, ids, args.repeat, mine)
        finally:
            caller.close()
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        db_times, counts = server_time(client, ids)
        report(f"{username} ({user.get_role_display()}), {caller.label}", result, db_times, counts)
        if not args.no_plans:
            print_plans(client, ids, result["sizes"])
    if not args.no_extremes:
        user = User.objects.get(username="bench-regulator")
        extremes(Token.objects.get(user=user).key)
    print(f"\nLoad average at the end: {load()}")


if __name__ == "__main__":
    main()
