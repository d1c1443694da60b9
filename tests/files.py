"""Real files for tests: PDFs, JPEGs with EXIF, PNGs (no stubs)."""

from __future__ import annotations

import io

from PIL import Image


def pdf_bytes(pages: int = 1, text: str = "Test document") -> bytes:
    """A small valid PDF made with Pillow (one image page per page)."""
    frames = [Image.new("RGB", (200, 280), (255, 255, 255)) for _ in range(pages)]
    out = io.BytesIO()
    frames[0].save(out, "PDF", save_all=True, append_images=frames[1:], title=text)
    return out.getvalue()


def _gps_ifd(lat: float, lon: float) -> dict:
    def dms(value: float):
        value = abs(value)
        d = int(value)
        m = int((value - d) * 60)
        s = round(((value - d) * 60 - m) * 60, 4)
        return (float(d), float(m), float(s))

    return {1: "N" if lat >= 0 else "S", 2: dms(lat), 3: "E" if lon >= 0 else "W", 4: dms(lon)}


def jpeg_bytes(
    width: int = 640,
    height: int = 480,
    *,
    taken: str | None = None,
    gps: tuple[float, float] | None = None,
    color=(120, 140, 160),
) -> bytes:
    """A JPEG, optionally with EXIF DateTimeOriginal ('YYYY:MM:DD HH:MM:SS') and GPS."""
    img = Image.new("RGB", (width, height), color)
    exif = Image.Exif()
    if taken:
        exif[0x0132] = taken  # DateTime
        exif.get_ifd(0x8769)[0x9003] = taken  # Exif IFD: DateTimeOriginal
    if gps:
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd.update(_gps_ifd(*gps))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, exif=exif.tobytes() if (taken or gps) else b"")
    return out.getvalue()


def png_bytes(width: int = 64, height: int = 64, *, mode: str = "RGB") -> bytes:
    img = Image.new(mode, (width, height))
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()
