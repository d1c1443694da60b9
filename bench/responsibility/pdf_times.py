"""Plaque PDF and archive (20 leads) render times, median of N runs, plus peak RSS.

    DJANGO_SETTINGS_MODULE=config.settings_test .venv/bin/python bench/responsibility/pdf_times.py [runs]

Builds its own data in a throwaway SQLite database (pytest-django style setup
is not used: plain Django test-runner helpers create and destroy it).
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.pop("DATABASE_URL", None)

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def main(runs: int) -> None:
    from django.db import connection

    setup_test_environment()
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp())
    old = connection.creation.create_test_db(verbosity=0)
    try:
        from projects.models import Project
        from projects.services import project_complete, project_start
        from responsibility.models import Lead
        from responsibility.services import archives, plaques
        from tests.factories.projects import OrganizationFactory, ProjectFactory, add_party
        from tests.factories.responsibility import appoint_lead, factory_actor, lead_person

        actor = factory_actor()
        orgs = {
            r: OrganizationFactory(kinds=(r,)) for r in ("owner", "surveyor", "designer", "contractor", "supervisor")
        }
        project = ProjectFactory(registered_by=orgs["owner"])
        for role, org in orgs.items():
            add_party(project, role, org, joined_on=dt.date(2020, 1, 1))
        day = dt.date(2020, 1, 10)
        for role in orgs:
            appoint_lead(project, role, started_on=day)
        # 15 changes of lead: 20 lead entries (40 letters) in all.
        roles = list(orgs)
        for i in range(15):
            day += dt.timedelta(days=30)
            role = roles[i % 5]
            appoint_lead(
                project, role, lead_person(project, role, name=f"继任{i}"), started_on=day, reason=f"第{i}次变更"
            )
        project_start(actor=actor, project=project, started_on=dt.date(2020, 1, 15))
        project_complete(
            actor=actor, project=Project.objects.get(pk=project.pk), completed_on=day + dt.timedelta(days=5)
        )
        project.refresh_from_db()
        plaque = plaques.plaque_issue(actor=actor, project=project, location="主入口左侧")
        assert Lead.objects.filter(project=project).count() == 20

        t = time.perf_counter()
        plaques.plaque_pdf_bytes(plaque)
        cold = time.perf_counter() - t
        plaque_times = []
        for _ in range(runs):
            t = time.perf_counter()
            plaques.plaque_pdf_bytes(plaque)
            plaque_times.append(time.perf_counter() - t)
        archive_times, pages = [], 0
        for v in range(runs):
            t = time.perf_counter()
            _data, pages, _n = archives.render_archive(project, version=v + 1)
            archive_times.append(time.perf_counter() - t)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"plaque PDF: first render in the process {cold:.2f} s (imports WeasyPrint, loads fonts)")
        print(
            f"plaque PDF: median {statistics.median(plaque_times):.3f} s, min {min(plaque_times):.3f}, max {max(plaque_times):.3f} ({runs} runs)"
        )
        print(
            f"archive (20 leads, 40 letters, {pages} pages): median {statistics.median(archive_times):.2f} s, min {min(archive_times):.2f}, max {max(archive_times):.2f}"
        )
        print(f"peak RSS: {rss:.0f} MB")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
