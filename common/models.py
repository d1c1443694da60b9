"""Shared records with no domain knowledge: the change history and stored files."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LastingRecordError(Exception):
    """Raised when code tries to delete or rewrite a record the law says to keep."""


class LastingQuerySet(models.QuerySet):
    """Query set for lasting records: bulk deletes are refused."""

    def delete(self):
        raise LastingRecordError(f"{self.model.__name__} records are never deleted.")


class LastingModel(models.Model):
    """A record kept for the building's whole life: never deleted.

    Corrections are new rows with a reason (see each app's services); rows
    referencing a lasting record use `on_delete=PROTECT`.
    """

    objects = LastingQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise LastingRecordError(f"{type(self).__name__} records are never deleted.")


class AppendOnlyQuerySet(LastingQuerySet):
    def update(self, **kwargs):
        raise LastingRecordError(f"{self.model.__name__} records are never changed.")


class ChangeRecord(models.Model):
    """One entry of the append-only change history.

    Written by service functions in the same transaction as the change it
    describes (common.history.record). `target` is the object that changed;
    `scope` is the object whose history page should show it (usually the
    project). On PostgreSQL a trigger also refuses UPDATE and DELETE.
    """

    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    request_id = models.UUIDField(_("request id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=40)
    target_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target_repr = models.CharField(_("object"), max_length=200)
    scope_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True, related_name="+")
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change history")
        ordering = ["-at", "-id"]
        indexes = [
            # History of one object, newest first.
            models.Index(fields=["target_type", "target_id", "-at"], name="changerecord_target_idx"),
            # History tab of a project (and any other scope).
            models.Index(fields=["scope_type", "scope_id", "-at"], name="changerecord_scope_idx"),
            models.Index(fields=["request_id"], name="changerecord_request_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LastingRecordError("Change records are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LastingRecordError("Change records are never deleted.")

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field whose value differs."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def stored_file_path(instance: StoredFile, filename: str) -> str:
    # The name on disk never comes from the user: uuid plus the sniffed extension.
    day = timezone.localdate()
    return f"files/{day:%Y/%m}/{instance.id}.{instance.extension}"


class StoredFile(LastingModel):
    """A file that passed the upload checks (common.uploads), with its SHA-256.

    Private: served only through common.views.file_download, which asks the
    owner's registered access rule. `owner` is set when a domain record takes
    the file; derived variants (re-encoded preview, thumbnail) point back to
    their original through `original`.
    """

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        WEBP = "webp", "WebP"

    class Variant(models.TextChoices):
        ORIGINAL = "original", _("original")
        PREVIEW = "preview", _("preview")
        THUMBNAIL = "thumbnail", _("thumbnail")
        GENERATED = "generated", _("generated")

    EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "webp": "webp"}
    MIME_TYPES = {
        "pdf": "application/pdf",
        "jpeg": "image/jpeg",
        "png": "image/png",
        "webp": "image/webp",
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.FileField(_("file"), upload_to=stored_file_path, max_length=255)
    original_name = models.CharField(_("original name"), max_length=255, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    variant = models.CharField(_("variant"), max_length=10, choices=Variant.choices, default=Variant.ORIGINAL)
    original = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="variants")
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    taken_at = models.DateTimeField(_("taken at (EXIF)"), null=True, blank=True)
    gps_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    gps_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    owner_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True, related_name="+")
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        indexes = [
            models.Index(fields=["owner_type", "owner_id"], name="storedfile_owner_idx"),
            models.Index(fields=["sha256"], name="storedfile_sha256_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(variant="original", original__isnull=True)
                | models.Q(variant="generated", original__isnull=True)
                | models.Q(original__isnull=False, variant__in=["preview", "thumbnail"]),
                name="storedfile_variant_has_original",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or f"{self.id}.{self.extension}"

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.kind, "bin")

    @property
    def mime_type(self) -> str:
        return self.MIME_TYPES.get(self.kind, "application/octet-stream")

    @property
    def is_image(self) -> bool:
        return self.kind in ("jpeg", "png", "webp")

    @property
    def download_url(self) -> str:
        from django.urls import reverse

        return reverse("common:file", args=[self.id])

    def variant_of(self, variant: str) -> StoredFile | None:
        """A derived variant, using the prefetched `variants` when available."""
        for v in self.variants.all():
            if v.variant == variant:
                return v
        return None
