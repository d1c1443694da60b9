"""Plaque PDF and archive render times: wall and CPU, median / min / max of N runs, peak RSS.

    DJANGO_SETTINGS_MODULE=config.settings_test .venv/bin/python bench/responsibility/pdf_times.py [runs]

Builds its own data in a throwaway SQLite database (plain Django test-runner
helpers create and destroy it):

- project A: 20 lead entries (5 first appointments + 15 changes), 40 one-page
  letter PDFs (the figure in docs/benchmarks/responsibility.md);
- project B: the same shape, but every fourth lead's letters are phone photos
  (4032 x 3024 JPEG, EXIF orientation 6: they must be turned upright).

Other work on the machine (test suites on the same 2 cores) stretches wall
time but hardly the CPU time this process uses, so both are reported, with
the 1-minute load average when the runs start; judge a goal on the CPU-time
median and on the quietest (fastest) run's wall time.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.pop("DATABASE_URL", None)

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROLES = ("owner", "surveyor", "designer", "contractor", "supervisor")


def cpu() -> float:
    """CPU seconds used by this process (user + system), blind to other processes' load."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(fn: Callable[[], object], runs: int) -> tuple[list[float], list[float], object]:
    walls, cpus, result = [], [], None
    for _ in range(runs):
        w, c = time.perf_counter(), cpu()
        result = fn()
        cpus.append(cpu() - c)
        walls.append(time.perf_counter() - w)
    return walls, cpus, result


def line(label: str, walls: list[float], cpus: list[float], load: float) -> str:
    return (
        f"{label}: CPU median {statistics.median(cpus):.3f} s (min {min(cpus):.3f}, max {max(cpus):.3f}); "
        f"wall median {statistics.median(walls):.3f} s (max {max(walls):.3f}; quietest run {min(walls):.3f}); "
        f"load at start {load:.2f}; {len(walls)} runs"
    )


def phone_photo() -> bytes:
    """A 12-megapixel phone photo of a letter, taken sideways (EXIF Orientation 6), with noise
    so it compresses like a real photo (~3 MB), not like a flat colour."""
    import io

    from PIL import Image, ImageDraw

    img = Image.effect_noise((4032, 3024), 18).convert("RGB")
    img = Image.blend(img, Image.new("RGB", img.size, (236, 232, 224)), 0.7)
    draw = ImageDraw.Draw(img)
    for y in range(300, 2800, 90):
        draw.line((600, y, 3400, y), fill=(40, 40, 40), width=14)
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def build_project(photos_every: int = 0):
    """A completed project with 20 lead entries and their 40 letters, and its plaque."""
    from common.uploads import DOCUMENT, check_upload
    from projects.models import Project
    from projects.services import project_complete, project_start
    from responsibility.services import lead_appoint, plaques
    from tests.factories.projects import OrganizationFactory, ProjectFactory, add_party
    from tests.factories.responsibility import factory_actor, lead_person, letter

    actor = factory_actor()
    orgs = {r: OrganizationFactory(kinds=(r,)) for r in ROLES}
    project = ProjectFactory(registered_by=orgs["owner"])
    for role, org in orgs.items():
        add_party(project, role, org, joined_on=dt.date(2020, 1, 1))

    def photo(name: str):
        return check_upload(phone_photo(), DOCUMENT, name=name)

    def appoint(n: int, role: str, day: dt.date, reason: str = "", name: str | None = None):
        person = lead_person(project, role, name=name)
        make = photo if photos_every and n % photos_every == 0 else letter
        lead_appoint(
            actor=actor,
            project=project,
            role=role,
            person=person,
            started_on=day,
            authorization_letter=make(f"授权书-{person.name}.{'jpg' if make is photo else 'pdf'}"),
            commitment_letter=make(f"承诺书-{person.name}.{'jpg' if make is photo else 'pdf'}"),
            committed_on=day,
            reason=reason,
        )

    day = dt.date(2020, 1, 10)
    for n, role in enumerate(ROLES):
        appoint(n, role, day)
    for i in range(15):  # 15 changes of lead: 20 lead entries (40 letters) in all
        day += dt.timedelta(days=30)
        appoint(5 + i, ROLES[i % 5], day, reason=f"第{i}次变更", name=f"继任{i}")
    project_start(actor=actor, project=project, started_on=dt.date(2020, 1, 15))
    project_complete(actor=actor, project=Project.objects.get(pk=project.pk), completed_on=day + dt.timedelta(days=5))
    project.refresh_from_db()
    plaque = plaques.plaque_issue(actor=actor, project=project, location="主入口左侧")
    return project, plaque


def archive_phases(project, runs: int, load: float) -> list[str]:
    """Where an archive's time goes: reading the records and letters, WeasyPrint, pypdf."""
    from common import pdf
    from responsibility.services import archives

    phases = {"context (DB, letters read)": [], "WeasyPrint (layout + PDF)": [], "pypdf (lay letters, write)": []}
    for _ in range(runs):
        c = cpu()
        ctx = archives.archive_context(project)
        ctx["version"] = 1
        c1 = cpu()
        layout = pdf.render_pdf("pdf/responsibility/archive.html", ctx, language="zh-hans")
        c2 = cpu()
        archives.lay_letters(layout, ctx["appendices"])
        c3 = cpu()
        for key, value in zip(phases, (c1 - c, c2 - c1, c3 - c2), strict=True):
            phases[key].append(value)
    return [f"  {k}: CPU median {statistics.median(v):.3f} s" for k, v in phases.items()]


def main(runs: int) -> None:
    from django.db import connection

    setup_test_environment()
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp())
    old = connection.creation.create_test_db(verbosity=0)
    out: list[str] = []
    try:
        from responsibility.models import Lead
        from responsibility.services import archives, plaques

        project, plaque = build_project()
        photo_project, _ = build_project(photos_every=4)
        assert Lead.objects.filter(project=project).count() == 20

        load = os.getloadavg()[0]
        w, c = time.perf_counter(), cpu()
        plaques.plaque_pdf_bytes(plaque)
        out.append(
            f"plaque PDF, first render in the process (imports WeasyPrint, loads fonts): "
            f"CPU {cpu() - c:.2f} s, wall {time.perf_counter() - w:.2f} s, load at start {load:.2f}"
        )
        load = os.getloadavg()[0]
        walls, cpus, _ = measure(lambda: plaques.plaque_pdf_bytes(plaque), runs)
        out.append(line("plaque PDF, steady state", walls, cpus, load))

        load = os.getloadavg()[0]
        walls, cpus, result = measure(lambda: archives.render_archive(project, version=1), runs)
        data, pages, _n = result
        out.append(
            line(f"archive A (20 leads, 40 PDF letters, {pages} pages, {len(data) // 1024} KB)", walls, cpus, load)
        )
        out += archive_phases(project, runs, os.getloadavg()[0])

        load = os.getloadavg()[0]
        walls, cpus, result = measure(lambda: archives.render_archive(photo_project, version=1), runs)
        data, pages, _n = result
        out.append(
            line(
                f"archive B (20 leads, 30 PDF + 10 phone-photo letters, {pages} pages, {len(data) // 1024} KB)",
                walls,
                cpus,
                load,
            )
        )
        out.append(f"peak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        print("\n".join(out))
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
