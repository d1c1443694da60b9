from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from projects.models import Region


def region_for_code(code: str, *, field: str = "region_code", current: bool = True) -> Region:
    """The GB/T 2260 division for a 6-digit code, or a field error naming the problem."""
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit():
        raise ValidationError({field: _("A region code has 6 digits (GB/T 2260).")})
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({field: _("%(code)s is not a GB/T 2260 division code.") % {"code": code}})
    if current and region.valid_until is not None:
        raise ValidationError(
            {
                field: _("%(code)s was abolished in %(year)s; use the current code.")
                % {"code": code, "year": region.valid_until}
            }
        )
    return region
