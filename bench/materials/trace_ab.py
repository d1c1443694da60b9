"""Time GET /api/v1/batches/{id}/trace/ of the code in ROOT, to compare two versions in one window.

    mkdir -p /tmp/old && git archive <commit> | tar -x -C /tmp/old
    export DATABASE_URL=… (the database bench.py loaded)
    for v in /tmp/old "$PWD" /tmp/old "$PWD"; do ROOT=$v .venv/bin/python bench/materials/trace_ab.py; done

Prints one JSON line: per user (the bench firm user, a superuser), the load average at the start,
wall and process CPU p50/p95 in ms, and the PostgreSQL backend's CPU per request (mean, from
/proc). Alternating the versions in one window is the fair comparison on a shared machine.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = os.environ.get("ROOT", str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, ROOT)
os.chdir(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from materials.models import Batch  # noqa: E402
from projects.models import User  # noqa: E402


def backend_cpu() -> float:
    connection.ensure_connection()
    fields = Path(f"/proc/{connection.connection.info.backend_pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * len(values)) - 1)]


def main() -> None:
    n = int(os.environ.get("N", "200"))
    ids = list(Batch.objects.filter(batch_number__startswith="H").values_list("pk", flat=True))
    rng = random.Random(int(os.environ.get("SEED", "1")))
    sample = [rng.choice(ids) for _ in range(n)]
    out = {}
    for username in ("bench", "bench-admin"):
        api = APIClient()
        api.force_authenticate(User.objects.get(username=username))
        for pk in sample[:20]:
            assert api.get(f"/api/v1/batches/{pk}/trace/").status_code == 200
        load = os.getloadavg()[0]
        walls, cpus = [], []
        db = backend_cpu()
        for pk in sample:
            c, w = cpu(), time.perf_counter()
            r = api.get(f"/api/v1/batches/{pk}/trace/")
            walls.append((time.perf_counter() - w) * 1000)
            cpus.append((cpu() - c) * 1000)
            assert len(r.data["usages"]) == 50
        out[username] = {
            "load": round(load, 2),
            "wall_p50": round(statistics.median(walls), 1),
            "wall_p95": round(p95(walls), 1),
            "cpu_p50": round(statistics.median(cpus), 1),
            "cpu_p95": round(p95(cpus), 1),
            "db_per_request": round((backend_cpu() - db) / n * 1000, 1),
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
