"""On PostgreSQL, refuse UPDATE and DELETE on the change history at the database.

The model already refuses them; the trigger also stops raw SQL and other
programs. TRUNCATE (used only to empty test databases) is not blocked.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION common_changerecord_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'common_changerecord is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER common_changerecord_append_only
    BEFORE UPDATE OR DELETE ON common_changerecord
    FOR EACH ROW EXECUTE FUNCTION common_changerecord_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS common_changerecord_append_only ON common_changerecord;
DROP FUNCTION IF EXISTS common_changerecord_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)  # no client-side %-formatting: the body has a literal %


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("common", "0002_initial")]
    operations = [migrations.RunPython(forward, backward)]
