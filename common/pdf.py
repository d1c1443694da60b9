"""PDF rendering (WeasyPrint) from templates under templates/pdf/.

Every document uses the CJK font installed by `make install`
(fonts-wqy-microhei); templates extend `pdf/base.html`, which names it. The
URL fetcher refuses everything but `data:` URIs, so a template (or a value
in it) can never make the renderer read local files or the network: images
and QR codes are embedded as data URIs (see `data_uri`).
"""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

PDF_FONT_FAMILY = "WenQuanYi Micro Hei"


class FetchRefused(ValueError):
    pass


def url_fetcher(url: str, *args: Any, **kwargs: Any) -> dict:
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise FetchRefused(f"PDF templates may only embed data: URIs, not {url[:80]!r}")


def _data_only_fetcher():
    """WeasyPrint 70's fetcher API: a URLFetcher subclass that allows data: URIs only."""
    from weasyprint.urls import URLFetcher

    class DataOnlyURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                raise FetchRefused(f"PDF templates may only embed data: URIs, not {url[:80]!r}")
            return super().fetch(url, headers)

    return DataOnlyURLFetcher(allowed_protocols={"data"})


def data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def render_pdf(template_name: str, context: dict[str, Any], *, language: str | None = None) -> bytes:
    """Render a template to PDF bytes. Run it outside database transactions."""
    # Imported here: WeasyPrint takes ~1.5 s to import and most requests never need it.
    from weasyprint import HTML

    with translation.override(language or translation.get_language()):
        html = render_to_string(template_name, {"pdf_font_family": PDF_FONT_FAMILY, **context})
    return HTML(string=html, url_fetcher=_data_only_fetcher(), base_url=None).write_pdf()
