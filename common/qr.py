"""QR codes (segno) for plaques: SVG for print and pages, PNG for embedding."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str, *, scale: int = 4, border: int = 2) -> str:
    """An inline <svg> element (no XML declaration) encoding `url`."""
    qr = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=scale, border=border, xmldecl=False, svgns=True, nl=False)
    return out.getvalue().decode()


def qr_png(url: str, *, scale: int = 10, border: int = 4) -> bytes:
    qr = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    qr.save(out, kind="png", scale=scale, border=border)
    return out.getvalue()
