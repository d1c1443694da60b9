"""Field rules shared by the services and the spreadsheet import.

Each `clean_*` checks one value and raises ValidationError with a message a
person can act on; `collect` gathers every field's error so a form, an API
call or an import row reports all its problems at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from common.identifiers import normalize_code
from materials.models.batches import MAX_QUANTITY, Unit


def collect(errors: dict[str, list[str]], field: str, clean: Callable, *args, **kwargs) -> Any:
    try:
        return clean(*args, **kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for key, messages in exc.message_dict.items():
                errors.setdefault(key, []).extend(messages)
        else:
            errors.setdefault(field, []).extend(exc.messages)
        return None


def clean_quantity(value: Any, *, limit: Decimal = MAX_QUANTITY) -> Decimal:
    if value is None or value == "":
        raise ValidationError(_("Enter the quantity."))
    try:
        quantity = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter the quantity as a number, e.g. 25.5.")) from None
    if not quantity.is_finite():
        raise ValidationError(_("Enter the quantity as a number, e.g. 25.5."))
    if quantity <= 0:
        raise ValidationError(_("The quantity must be more than zero."))
    if quantity > limit:
        raise ValidationError(
            _("%(q)s is implausibly large (the limit is %(limit)s).") % {"q": quantity, "limit": limit}
        )
    if quantity.normalize().as_tuple().exponent < -3:
        raise ValidationError(_("Give the quantity with at most three decimals."))
    return quantity.quantize(Decimal("0.001"))


def format_quantity(quantity: Decimal) -> str:
    """A quantity for a message: 60, 12.5, 0.125 (never 6E+1 nor 60.000)."""
    return f"{quantity.normalize():f}"


_UNITS = frozenset(Unit.values)
_UNIT_ALIASES = {
    "吨": "t",
    "m³": "m3",
    "立方米": "m3",
    "方": "m3",
    "m²": "m2",
    "平方米": "m2",
    "米": "m",
    "件": "piece",
    "根": "piece",
    "块": "piece",
    "卷": "roll",
    "套": "set",
    "樘": "set",
    "组": "group",
    "千克": "kg",
}


def clean_unit(value: Any) -> str:
    unit = str(value or "").strip()
    unit = _UNIT_ALIASES.get(unit, unit)
    if unit not in _UNITS:
        raise ValidationError(
            _("Unknown unit %(u)s; use one of %(units)s.") % {"u": value, "units": ", ".join(Unit.values)}
        )
    return unit


def clean_date(value: Any, *, required: bool = True, today: dt.date | None = None) -> dt.date | None:
    """A date not in the future (after `today`, default the local date) and not before 1950."""
    if value in (None, ""):
        if required:
            raise ValidationError(_("Enter the date."))
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            raise ValidationError(_("Enter the date as YYYY-MM-DD.")) from None
    if value > (today or timezone.localdate()):
        raise ValidationError(_("This date is in the future."))
    if value.year < 1950:
        raise ValidationError(_("This date is implausibly early."))
    return value


def clean_text(value: Any, *, max_length: int, required: bool = True, label: str = "") -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise ValidationError(_("This field is required."))
    if len(text) > max_length:
        raise ValidationError(_("At most %(n)d characters.") % {"n": max_length})
    return text


def batch_number_key(value: str) -> str:
    """Batch and heat numbers match regardless of width, case, spaces and dashes."""
    return normalize_code(value, strip=" -_")


def clean_batch_number(value: Any) -> tuple[str, str]:
    raw = clean_text(value, max_length=64)
    key = batch_number_key(raw)
    if not key:
        raise ValidationError(_("Enter the batch or heat number."))
    return raw, key
