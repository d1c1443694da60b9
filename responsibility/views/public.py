"""The public plaque page: what the QR code opens. No login; never an ID number.

Shows the frozen plaque (who is accountable, until when) and the latest
installation photo, served as the re-encoded preview that carries no
metadata (no GPS, no camera data).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from common.models import StoredFile
from common.views import serve_stored_file
from responsibility import selectors
from responsibility.services.plaques import plaque_context


def _plaque(code: str):
    plaque = selectors.public_plaque(code.upper()) if len(code) <= 16 else None
    if plaque is None:
        raise Http404
    return plaque


@require_GET
@cache_control(public=True, max_age=300)
def plaque_page(request, code: str):
    plaque = _plaque(code)
    installation = next(iter(plaque.installations.all()), None)
    return render(
        request,
        "responsibility/public_plaque.html",
        {**plaque_context(plaque), "installation": installation},
    )


@require_GET
@cache_control(public=True, max_age=3600)
def plaque_photo(request, code: str):
    plaque = _plaque(code)
    installation = next(iter(plaque.installations.all()), None)
    if installation is None:
        raise Http404
    preview = StoredFile.objects.filter(original=installation.photo, variant=StoredFile.Variant.PREVIEW).first()
    if preview is None:  # never the original: it may carry GPS
        raise Http404
    response = serve_stored_file(preview)
    response["Cache-Control"] = "public, max-age=3600"
    return response
