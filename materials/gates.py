"""The completion gate check materials adds (projects.registry).

"No failed or quarantined batch still in use" means: no batch of the
project whose status is failed or quarantined, that has at least one usage
not withdrawn, and whose non-conformance is still open. Closing the
non-conformance (re-tested and passed, returned or removed after the usages
are withdrawn, or strengthened with the design's remedy as evidence) is how
the project deals with it; a failed batch never used blocks nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _


def no_blocked_material_in_use(project, day: dt.date) -> list[str]:
    from materials.selectors import blocking_batches

    return [
        _("%(material)s batch %(number)s is %(status)s and still in use; close its non-conformance first.")
        % {"material": b.material_type.name, "number": b.batch_number, "status": b.get_status_display()}
        for b in blocking_batches(project)
    ]
