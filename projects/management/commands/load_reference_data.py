"""Refresh the reference tables shipped with the code (GB/T 2260 divisions, material catalogue…).

    python manage.py load_reference_data

Upserts only: nothing is removed. Migrations load the same data on a new database.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from projects import registry


class Command(BaseCommand):
    help = "Load or refresh reference data shipped with the code."

    def handle(self, *args, **options):
        for name, loader in registry.reference_loaders().items():
            with transaction.atomic():
                changed = loader()
            self.stdout.write(f"{name}: {changed} row(s) added or updated")
