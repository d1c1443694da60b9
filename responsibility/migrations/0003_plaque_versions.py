"""Plaque versions: a damaged, lost or wrong plaque is replaced by a new version, never edited.

Plaque.project becomes a foreign key (one row per version); existing plaques
become version 1. Every version of a project keeps the project's public code,
so the QR code on any plaque ever installed opens the current version. The
database holds: one current version per project, versions numbered once,
a reason (and what happened) on every replacement.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('common', '0003_history_append_only'),
        ('projects', '0002_load_regions'),
        ('responsibility', '0002_lead_no_overlapping_tenures'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='plaque',
            options={'ordering': ['project_id', '-version'], 'verbose_name': 'permanent plaque', 'verbose_name_plural': 'permanent plaques'},
        ),
        migrations.AlterModelOptions(
            name='plaqueentry',
            options={'ordering': ['plaque_id', 'id'], 'verbose_name': 'plaque entry', 'verbose_name_plural': 'plaque entries'},
        ),
        migrations.AlterModelOptions(
            name='plaqueinstallation',
            options={'ordering': ['plaque_id', '-installed_on', '-id'], 'verbose_name': 'plaque installation', 'verbose_name_plural': 'plaque installations'},
        ),
        migrations.AddField(
            model_name='plaque',
            name='replaced_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='replaced at'),
        ),
        migrations.AddField(
            model_name='plaque',
            name='replacement_note',
            field=models.TextField(blank=True, verbose_name='what happened'),
        ),
        migrations.AddField(
            model_name='plaque',
            name='replacement_reason',
            field=models.CharField(blank=True, choices=[('damaged', 'damaged'), ('lost', 'lost or stolen'), ('corrected', 'entries corrected')], max_length=20, verbose_name='reason for the replacement'),
        ),
        migrations.AddField(
            model_name='plaque',
            name='replaces',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replaced_by', to='responsibility.plaque', verbose_name='replaces version'),
        ),
        migrations.AddField(
            model_name='plaque',
            name='version',
            field=models.PositiveIntegerField(default=1, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='plaque',
            name='code',
            field=models.CharField(max_length=16, verbose_name='public code'),
        ),
        migrations.AlterField(
            model_name='plaque',
            name='project',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plaques', to='projects.project', verbose_name='project'),
        ),
        migrations.AddConstraint(
            model_name='plaque',
            constraint=models.UniqueConstraint(fields=('project', 'version'), name='plaque_unique_version'),
        ),
        migrations.AddConstraint(
            model_name='plaque',
            constraint=models.UniqueConstraint(fields=('code', 'version'), name='plaque_code_version_unique'),
        ),
        migrations.AddConstraint(
            model_name='plaque',
            constraint=models.UniqueConstraint(condition=models.Q(('replaced_at__isnull', True)), fields=('project',), name='plaque_one_current_per_project'),
        ),
        migrations.AddConstraint(
            model_name='plaque',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('replacement_note', ''), ('replacement_reason', ''), ('replaces__isnull', True), ('version', 1)), models.Q(('replaces__isnull', False), ('version__gt', 1), models.Q(('replacement_reason', ''), _negated=True), models.Q(('replacement_note', ''), _negated=True)), _connector='OR'), name='plaque_replacement_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='plaque',
            constraint=models.CheckConstraint(condition=models.Q(('replacement_reason__in', ['', 'damaged', 'lost', 'corrected'])), name='plaque_replacement_reason_known'),
        ),
    ]
