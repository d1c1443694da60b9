"""Load the GB/T 2260 division table shipped in projects/data/gbt2260.csv."""

from django.db import migrations


def load(apps, schema_editor):
    from projects.reference import load_regions

    load_regions(apps.get_model("projects", "Region"))


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
