"""Build the demo data set: every app's registered demo steps, in order, idempotently.

    python manage.py seed_demo

Deterministic (a fixed random seed) and safe to run again: a second run
creates nothing new. Prints the demo accounts at the end.
"""

from __future__ import annotations

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from common.history import history_context
from projects import registry
from projects.demo import DEMO_PASSWORD, DEMO_USERS

SEED = 20261130


class Command(BaseCommand):
    help = "Load the deterministic demo data set (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")

    def handle(self, *args, no_progress=False, **options):
        steps = registry.demo_steps()
        ctx: dict = {"rng": random.Random(SEED)}  # noqa: S311 - reproducible demo data, not secrets
        started = time.monotonic()
        bar = tqdm(steps, desc="seed_demo", unit="step", disable=no_progress, file=self.stderr._out)
        timings = []
        with history_context():
            for name, step in bar:
                bar.set_postfix_str(name)
                t0 = time.monotonic()
                try:
                    with transaction.atomic():
                        step(ctx)
                except Exception as exc:
                    raise CommandError(f"demo step {name!r} failed: {exc}") from exc
                timings.append((name, time.monotonic() - t0))
        if options["verbosity"] > 1:
            for name, seconds in timings:
                self.stdout.write(f"  {name:<32} {seconds:6.1f} s")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready ({len(steps)} steps, {time.monotonic() - started:.1f} s).")
        )
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, (role, org_key, jurisdiction, _person, display) in DEMO_USERS.items():
            org = ctx["orgs"][org_key].name if org_key else "—"
            extra = f" jurisdiction {jurisdiction}" if jurisdiction else ""
            self.stdout.write(f"  {username:<15} {role:<11} {display} · {org}{extra}")
