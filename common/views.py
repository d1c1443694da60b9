"""Serving private files through the owner's access rule."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from common.models import StoredFile
from common.uploads import can_view_file


@require_GET
@login_required
def file_download(request, file_id: uuid.UUID):
    """A stored file (or its `?variant=preview|thumbnail`) for users who may see its owner.

    Anyone else gets 404, whether or not the file exists.
    """
    stored = (
        StoredFile.objects.select_related("original", "owner_type", "original__owner_type").filter(pk=file_id).first()
    )
    if stored is None or not can_view_file(request.user, stored):
        raise Http404
    variant = request.GET.get("variant")
    if variant in (StoredFile.Variant.PREVIEW, StoredFile.Variant.THUMBNAIL):
        stored = StoredFile.objects.filter(original=stored, variant=variant).first() or stored
    return serve_stored_file(stored, download=request.GET.get("download") == "1")


def serve_stored_file(stored: StoredFile, *, download: bool = False) -> FileResponse:
    response = FileResponse(
        stored.file.open("rb"),
        content_type=stored.mime_type,
        as_attachment=download,
        filename=stored.original_name or f"{stored.id}.{stored.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    # A stored file is data, never a page: no scripts even if a viewer tried.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response
