"""Helpers shared by the responsibility services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.uploads import DOCUMENT, CheckedUpload, UploadPolicy, check_upload


def checked_file(value: Any, field: str, policy: UploadPolicy = DOCUMENT) -> CheckedUpload | None:
    """An upload already checked by a form or serializer, or check it now (commands, demo)."""
    if value is None or value == "":
        return None
    if isinstance(value, CheckedUpload):
        if value.kind not in policy.kinds:
            raise ValidationError(
                {field: [_("This file is not an accepted type (%(types)s).") % {"types": policy.label}]}
            )
        return value
    try:
        return check_upload(value, policy)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def collect(errors: dict[str, list[str]], fn, *args, **kwargs):
    """Run one check, gathering its field errors so every problem is reported at once."""
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        for key, messages in (exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}).items():
            errors.setdefault(key, []).extend(messages)
        return None
