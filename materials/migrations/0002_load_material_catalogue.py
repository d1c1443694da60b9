from django.db import migrations


def load_catalogue(apps, schema_editor):
    from materials.catalogue import load

    load(apps.get_model("materials", "MaterialType"))


class Migration(migrations.Migration):
    dependencies = [("materials", "0001_materials")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
