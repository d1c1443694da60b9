"""Import batches or usages from an xlsx or CSV file, with a progress bar.

    python manage.py materials_import FILE --project CODE --kind batches --user USERNAME [--commit]

Checks every row first and lists each problem as row, column, message; with
--commit and a clean file, stores every row in one transaction. The pages
start this command as `--job N --phase validate|commit` in the background.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from common.history import history_context
from common.xlsx import read_rows, sniff_kind
from materials import imports
from materials.imports.rowsfile import sha256_of
from materials.models import ImportJob
from projects.models import Project, User


class Command(BaseCommand):
    help = "Import material batches or usages from a spreadsheet (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?")
        parser.add_argument("--project", help="project code")
        parser.add_argument("--kind", choices=ImportJob.Kind.values, default="batches")
        parser.add_argument("--user", help="username of the firm user importing")
        parser.add_argument("--commit", action="store_true", help="store the rows when every row is valid")
        parser.add_argument("--job", type=int, help="run a page's import job")
        parser.add_argument("--phase", choices=["validate", "commit"], default="validate")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **opts):
        with history_context():
            if opts["job"]:
                job = ImportJob.objects.filter(pk=opts["job"]).first()
                if job is None:
                    raise CommandError(f"no import job {opts['job']}")
                job = imports.job_run(job, opts["phase"])
                self.stdout.write(f"job {job.pk}: {job.status} ({job.processed_rows} rows, {job.error_count} problems)")
                return
            self._cli(**opts)

    def _cli(self, *, file, project, kind, user, commit, no_progress, **_):
        if not file or not project or not user:
            raise CommandError("give FILE, --project and --user (or --job)")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        with path.open("rb") as f:
            file_kind = sniff_kind(f.read(4096))
            sha256 = sha256_of(f)
        if file_kind is None:
            raise CommandError(f"{file}: not an xlsx or CSV file")
        project_obj = Project.objects.filter(code=project).first()
        actor = User.objects.filter(username=user).first()
        if project_obj is None or actor is None:
            raise CommandError("unknown project code or user")
        with path.open("rb") as f:
            total = max(0, sum(1 for _ in read_rows(f, kind=file_kind)) - 1)

        def bar(desc):
            b = tqdm(total=total, desc=desc, unit="row", disable=no_progress, file=self.stderr._out)
            done = [0]

            def progress(n):
                b.update(n - done[0])
                done[0] = n

            return b, progress

        b, progress = bar("validate")
        with path.open("rb") as f:
            outcome, rows = imports.validate_file(
                actor=actor, project=project_obj, kind=kind, file=f, file_kind=file_kind, progress=progress
            )
        b.close()
        self._report(outcome)
        self.stdout.write(f"{outcome.rows} rows valid")
        if not commit:
            rows.close()
            return
        b, progress = bar("commit")
        with rows:
            outcome = imports.commit_rows(
                actor=actor,
                project=project_obj,
                kind=kind,
                rows=rows,
                progress=progress,
                source={"file": path.name, "sha256": sha256},
            )
        b.close()
        self._report(outcome)
        self.stdout.write(self.style.SUCCESS(f"{outcome.created} {kind} imported"))

    def _report(self, outcome):
        if outcome.error_count:
            for p in outcome.problems:
                self.stdout.write(f"row {p.row}, {p.field or '-'}: {p.message}")
            raise CommandError(f"{outcome.error_count} problem(s); nothing was stored")
