"""No two counting tenures of one project role overlap: a PostgreSQL exclusion constraint.

SQLite has no exclusion constraints; there the services' project-row lock
and overlap check are the guard (responsibility.services.leads). The
constraint is not declared in Lead.Meta because Django would then try to
create it on SQLite too.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE responsibility_lead ADD CONSTRAINT lead_no_overlapping_tenures
    EXCLUDE USING gist (
        project_id WITH =,
        role WITH =,
        daterange(started_on, ended_on, '[]') WITH &&
    ) WHERE (corrected_at IS NULL);
"""
DROP = "ALTER TABLE responsibility_lead DROP CONSTRAINT IF EXISTS lead_no_overlapping_tenures;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("responsibility", "0001_leads_plaques_archives")]

    operations = [migrations.RunPython(create, drop)]
