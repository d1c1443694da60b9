"""Small helpers shared by the projects services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def require_reason(reason: str, *, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Give a reason; it is kept in the history.")})
    if len(reason) > 2000:
        raise ValidationError({field: _("Keep the reason under 2,000 characters.")})
    return reason


def not_in_future(day: dt.date | None, *, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def full_clean(obj, *, exclude=None) -> None:
    """Model validation (fields, clean(), constraints) before any write."""
    obj.full_clean(exclude=exclude)
