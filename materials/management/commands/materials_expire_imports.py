"""End spreadsheet imports that were checked but never imported, or whose process died.

    python manage.py materials_expire_imports [--keep-days 7]

Run daily from cron. Removes the cleaned rows kept for the commit; the job and
the uploaded file stay as the record of what was tried.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from materials import imports


class Command(BaseCommand):
    help = "End import jobs not committed within --keep-days days, and checks whose process died."

    def add_arguments(self, parser):
        parser.add_argument("--keep-days", type=int, default=7, help="days a checked file waits for its import")

    def handle(self, *args, keep_days, **opts):
        if keep_days < 1:
            raise CommandError("--keep-days must be at least 1")
        counts = imports.jobs_expire(keep_days=keep_days)
        self.stdout.write(
            "{expired} checked imports expired, {interrupted} interrupted checks ended, "
            "{committed} dead commits found committed, {not_committed} found not committed".format(**counts)
        )
