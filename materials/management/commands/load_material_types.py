"""Create or update the shipped material catalogue (materials/catalogue.py)."""

from django.core.management.base import BaseCommand

from materials.catalogue import CATALOGUE, load
from materials.models import MaterialType


class Command(BaseCommand):
    help = "Load the material catalogue (idempotent)."

    def handle(self, *args, **options):
        created = load(MaterialType)
        self.stdout.write(f"{len(CATALOGUE)} material types ({created} new)")
