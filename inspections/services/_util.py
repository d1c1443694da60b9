"""Helpers shared by the inspections services: upload checks, error collection, photos."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from common.uploads import PHOTO, CheckedUpload, UploadPolicy, check_upload, store_photo
from inspections.models import Photo


def photo_policy() -> UploadPolicy:
    """Site photos: JPEG, PNG or WebP within the inspections' own size and pixel limits."""
    return UploadPolicy(
        PHOTO.kinds,
        max_bytes=settings.INSPECTION_PHOTO_MAX_BYTES,
        max_pixels=settings.INSPECTION_PHOTO_MAX_PIXELS,
        label=PHOTO.label,
    )


def checked_photos(values: Any, field: str = "photos") -> list[CheckedUpload]:
    """Uploads already checked by a serializer or form, or check them now (commands, demo)."""
    values = list(values or [])
    if len(values) > settings.INSPECTION_MAX_PHOTOS:
        raise ValidationError({field: [_("At most %(n)d photos per record.") % {"n": settings.INSPECTION_MAX_PHOTOS}]})
    policy = photo_policy()
    out = []
    for value in values:
        if isinstance(value, CheckedUpload):
            if value.kind not in policy.kinds:
                raise ValidationError({field: [_("A photo must be a JPEG, PNG or WebP image.")]})
            out.append(value)
            continue
        try:
            out.append(check_upload(value, policy))
        except ValidationError as exc:
            raise ValidationError({field: exc.messages}) from None
    return out


def age_check(taken_at: dt.datetime | None, day: dt.date) -> str:
    """Compare a photo's EXIF capture time with the date of the record it documents."""
    if taken_at is None:
        return Photo.AgeCheck.NO_TIME
    taken = timezone.localtime(taken_at).date()
    if taken < day - dt.timedelta(days=settings.INSPECTION_PHOTO_MAX_AGE_DAYS):
        return Photo.AgeCheck.TAKEN_LONG_BEFORE
    if taken > day + dt.timedelta(days=1):
        return Photo.AgeCheck.TAKEN_AFTER
    return Photo.AgeCheck.OK


def save_photos(photos: list[CheckedUpload], *, actor, day: dt.date, owner, **link) -> list[Photo]:
    """Store each photo (original, preview, thumbnail) and keep its EXIF data on a Photo row."""
    rows = []
    for checked in photos:
        stored = store_photo(checked, actor=actor, owner=owner)
        photo = Photo(
            file=stored,
            taken_at=stored.taken_at,
            latitude=stored.gps_latitude,
            longitude=stored.gps_longitude,
            age_check=age_check(stored.taken_at, day),
            **link,
        )
        photo.full_clean(exclude=["file"])
        photo.save(force_insert=True)
        rows.append(photo)
    return rows


def collect(errors: dict[str, list[str]], fn, *args, **kwargs):
    """Run one check, gathering its field errors so every problem is reported at once."""
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        for key, messages in (exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}).items():
            errors.setdefault(key, []).extend(messages)
        return None
