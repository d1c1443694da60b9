"""The checks materials adds to projects' gates (projects.registry).

Completion:

"No failed or quarantined batch still in use" means: no batch of the
project whose status is failed or quarantined, that has at least one usage
not withdrawn, and whose non-conformance is still open. Closing the
non-conformance (re-tested and passed, returned or removed after the usages
are withdrawn, or strengthened with the design's remedy as evidence) is how
the project deals with it; a failed batch never used blocks nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from common.locations import location_key, normalize_location


def no_blocked_material_in_use(project, day: dt.date) -> list[str]:
    from materials.selectors import blocking_batches

    return [
        _("%(material)s batch %(number)s is %(status)s and still in use; close its non-conformance first.")
        % {"material": b.material_type.name, "number": b.batch_number, "status": b.get_status_display()}
        for b in blocking_batches(project)
    ]


def materials_ready_for_lot(project, unit_project, location: str, day: dt.date) -> list[str]:
    from materials.models import Batch, BatchStatus, MaterialCategory, TestReport, Usage

    path = normalize_location(location, required=False)
    if not path:
        return []
    used_here = Usage.objects.filter(
        project=project,
        unit_project=unit_project,
        location_key__startswith=location_key(path),
        used_on__lte=day,
        withdrawn_on__isnull=True,
    )
    passing = TestReport.objects.filter(
        sample__batch=OuterRef("pk"), conclusion=TestReport.Conclusion.PASS, corrections__isnull=True
    )
    batches = (
        Batch.objects.filter(pk__in=used_here.values("batch_id"))
        .select_related("material_type")
        .annotate(tested=Exists(passing))
        .order_by("material_type__name", "batch_number", "id")
    )
    problems = []
    for b in batches:
        names = {"material": b.material_type.label, "number": b.batch_number}
        if b.status != BatchStatus.ACCEPTED:
            problems.append(
                _("%(material)s batch %(number)s used here is %(status)s.")
                % {**names, "status": b.get_status_display()}
            )
        elif (
            b.material_type.witness_required
            and b.material_type.category != MaterialCategory.TEST_BLOCK
            and not b.tested
        ):
            problems.append(_("%(material)s batch %(number)s used here has no passing test report yet.") % names)
    return problems
