"""Send the "due soon" and "overdue" reminders for open rectification notices.

    python manage.py rectification_reminders            # run daily from cron, e.g. 07:00
    python manage.py rectification_reminders --date 2026-12-01

Idempotent: each notice gets each reminder once per due date (a reopened
notice with a new due date is reminded again); running it twice a day sends
nothing the second time.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from common.history import history_context
from inspections.services import send_rectification_reminders


class Command(BaseCommand):
    help = "Remind parties of rectification notices that are due soon or overdue (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this day (YYYY-MM-DD).")

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            today = parse_date(date)
            if today is None:
                raise CommandError("--date takes YYYY-MM-DD")
        with history_context():
            sent = send_rectification_reminders(today=today)
        self.stdout.write(f"due soon: {sent['due_soon']}, overdue: {sent['overdue']}")
