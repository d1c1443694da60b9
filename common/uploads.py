"""The one upload path: sniff the type from the bytes, limit size and pixels, hash, store.

Forms and serializers call `check_upload()` while validating input, so a bad
file is a field error before any service runs; services then call
`store_upload()` (or `store_photo()`) inside their transaction and set the
owner with `attach()`. Files are private: common.views.file_download serves
them only when the owner's registered access rule says the user may see the
owner (`register_file_owner`).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, UnidentifiedImageError

from common import images
from common.models import StoredFile

IMAGE_KINDS = frozenset({"jpeg", "png", "webp"})
PIL_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "MPO": "jpeg"}


@dataclass(frozen=True)
class UploadPolicy:
    """What one kind of upload may be."""

    kinds: frozenset[str]
    max_bytes: int | None = None  # None: settings.UPLOAD_MAX_BYTES
    max_pixels: int | None = None  # None: settings.UPLOAD_MAX_PIXELS
    label: str = ""

    @property
    def byte_limit(self) -> int:
        return self.max_bytes or settings.UPLOAD_MAX_BYTES

    @property
    def pixel_limit(self) -> int:
        return self.max_pixels or settings.UPLOAD_MAX_PIXELS

    @property
    def accept(self) -> str:
        """Value for an <input type=file accept=…> attribute."""
        return ",".join(StoredFile.MIME_TYPES[k] for k in sorted(self.kinds))


#: Letters, certificates, test reports: a PDF or a scan.
DOCUMENT = UploadPolicy(frozenset({"pdf", "jpeg", "png"}), label="PDF, JPEG, PNG")
#: Site photos from a phone.
PHOTO = UploadPolicy(frozenset({"jpeg", "png", "webp"}), label="JPEG, PNG, WebP")
#: Spreadsheet imports are not stored files; see materials.imports.


@dataclass
class CheckedUpload:
    """An upload that passed every check, with what we learnt from its bytes."""

    data: bytes
    name: str
    kind: str
    size: int
    sha256: str
    width: int | None = None
    height: int | None = None
    pages: int | None = None
    exif: images.ExifData = field(default_factory=images.ExifData)

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGE_KINDS


def sniff(head: bytes) -> str | None:
    """The file type from its first bytes, never from its name or declared type."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    # The PDF header may follow a little garbage; readers look in the first 1 KiB.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    return None


def _read(upload: Any, limit: int) -> bytes:
    if isinstance(upload, bytes):
        data = upload
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > limit:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
            )
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(limit + 1)
        if hasattr(upload, "seek"):
            upload.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s."),
            code="file_too_large",
            params={"limit": filesizeformat(limit)},
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="file_empty")
    return data


def _check_pdf(data: bytes) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("Encrypted PDFs cannot be archived; upload an unprotected copy."),
                code="pdf_encrypted",
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError):
        raise ValidationError(
            _("The file starts like a PDF but cannot be read as one."), code="pdf_unreadable"
        ) from None
    if pages < 1:
        raise ValidationError(_("The PDF has no pages."), code="pdf_empty")
    return pages


def _check_image(data: bytes, kind: str, pixel_limit: int) -> tuple[int, int, images.ExifData]:
    # WeasyPrint sets PIL's LOAD_TRUNCATED_IMAGES globally on import; a truncated upload
    # must still fail here, in a process that has rendered a PDF before.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with warnings.catch_warnings():
        # A decompression bomb is an error here, not a warning.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                if PIL_FORMATS.get(img.format or "") != kind:
                    raise ValidationError(_("The image data does not match its type."), code="image_mismatch")
                if width * height > pixel_limit:
                    raise ValidationError(
                        _("The image is %(w)d×%(h)d pixels; the limit is %(limit)s million pixels."),
                        code="image_too_many_pixels",
                        params={"w": width, "h": height, "limit": pixel_limit // 1_000_000},
                    )
                img.verify()
            # verify() leaves the image unusable; decode it fully to catch truncation.
            with Image.open(io.BytesIO(data)) as img:
                img.load()
                exif = images.read_exif(img)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(_("The image is too large to decode safely."), code="image_bomb") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise ValidationError(_("The image is damaged or incomplete."), code="image_damaged") from None
    return width, height, exif


def check_upload(upload: Any, policy: UploadPolicy, *, name: str | None = None) -> CheckedUpload:
    """Validate an uploaded file against `policy`; raise ValidationError naming the problem."""
    data = _read(upload, policy.byte_limit)
    kind = sniff(data[:2048])
    if kind is None or kind not in policy.kinds:
        raise ValidationError(
            _("This file is not an accepted type (%(types)s); its content was checked."),
            code="file_type",
            params={"types": policy.label or ", ".join(sorted(policy.kinds))},
        )
    checked = CheckedUpload(
        data=data,
        name=(name or getattr(upload, "name", "") or "")[-255:],
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    if kind == "pdf":
        checked.pages = _check_pdf(data)
    else:
        checked.width, checked.height, checked.exif = _check_image(data, kind, policy.pixel_limit)
    return checked


def _save(
    data: bytes,
    *,
    kind: str,
    name: str,
    actor: Any,
    variant: str = StoredFile.Variant.ORIGINAL,
    original: StoredFile | None = None,
    **extra: Any,
) -> StoredFile:
    stored = StoredFile(
        original_name=name,
        kind=kind,
        variant=variant,
        original=original,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        **extra,
    )
    stored.file.save(f"{stored.id}.{stored.extension}", ContentFile(data), save=False)
    stored.save(force_insert=True)
    return stored


def store_upload(checked: CheckedUpload, *, actor: Any, owner: models.Model | None = None) -> StoredFile:
    """Store a checked document or image as it was uploaded."""
    stored = _save(
        checked.data,
        kind=checked.kind,
        name=checked.name,
        actor=actor,
        width=checked.width,
        height=checked.height,
        pages=checked.pages,
        taken_at=checked.exif.taken_at,
        gps_latitude=checked.exif.latitude,
        gps_longitude=checked.exif.longitude,
    )
    if owner is not None:
        attach(stored, owner)
    return stored


def store_photo(checked: CheckedUpload, *, actor: Any, owner: models.Model | None = None) -> StoredFile:
    """Store a photo: the original as uploaded, plus a re-encoded preview and a
    thumbnail that carry no metadata (no GPS), for display and public use."""
    if not checked.is_image:
        raise ValidationError(_("A photo must be an image."), code="file_type")
    original = store_upload(checked, actor=actor)
    preview, thumb = images.make_variants(checked.data)
    for variant, (data, w, h) in (
        (StoredFile.Variant.PREVIEW, preview),
        (StoredFile.Variant.THUMBNAIL, thumb),
    ):
        _save(
            data,
            kind="jpeg",
            name=f"{variant}.jpg",
            actor=actor,
            variant=variant,
            original=original,
            width=w,
            height=h,
        )
    if owner is not None:
        attach(original, owner)
    return original


def store_generated(
    data: bytes, *, kind: str, name: str, actor: Any, owner: models.Model | None = None, pages: int | None = None
) -> StoredFile:
    """Store a file the registry made itself (PDF archive, plaque)."""
    extra = {"pages": pages} if pages is not None else {}
    stored = _save(data, kind=kind, name=name, actor=actor, variant=StoredFile.Variant.GENERATED, **extra)
    if owner is not None:
        attach(stored, owner)
    return stored


def attach(stored: StoredFile, owner: models.Model) -> None:
    """Record which domain object a file belongs to; the owner decides who may read it."""
    ct = ContentType.objects.get_for_model(type(owner))
    StoredFile.objects.filter(pk=stored.pk).update(owner_type=ct, owner_id=owner.pk)
    StoredFile.objects.filter(original_id=stored.pk).update(owner_type=ct, owner_id=owner.pk)
    stored.owner_type, stored.owner_id = ct, owner.pk


# --- who may read a stored file ---------------------------------------------------------

FileAccessRule = Callable[[Any, models.Model], bool]
_owner_rules: dict[str, FileAccessRule] = {}


def register_file_owner(model: type[models.Model], can_view: FileAccessRule) -> None:
    """Let files owned by `model` be downloaded by users for whom `can_view(user, owner)`.

    Apps call this from AppConfig.ready(); files whose owner type has no rule
    are never served (fail closed).
    """
    _owner_rules[model._meta.label_lower] = can_view


def can_view_file(user: Any, stored: StoredFile) -> bool:
    root = stored.original if stored.original_id else stored
    if not getattr(user, "is_authenticated", False):
        return False
    if root.owner_type_id is None:
        # Not yet attached (e.g. an upload whose record failed): only its uploader.
        return root.uploaded_by_id == user.pk
    model = root.owner_type.model_class()
    rule = _owner_rules.get(model._meta.label_lower) if model else None
    if rule is None:
        return False
    owner = model._default_manager.filter(pk=root.owner_id).first()
    return owner is not None and rule(user, owner)
