"""Photo helpers (Pillow): EXIF capture time and GPS as data, re-encoded variants."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from PIL import ExifTags, Image, ImageOps

PREVIEW_SIZE = (1600, 1600)
THUMBNAIL_SIZE = (320, 320)


@dataclass(frozen=True)
class ExifData:
    taken_at: dt.datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None

    @property
    def has_gps(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def _parse_exif_datetime(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        naive = dt.datetime.strptime(value.strip("\x00 ").strip(), "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007 - zone added below
    except ValueError:
        return None
    # EXIF times carry no zone; cameras in China are on Beijing time.
    return naive.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


def _dms_to_decimal(dms: object, ref: object) -> Decimal | None:
    try:
        degrees, minutes, seconds = (float(x) for x in dms)  # type: ignore[union-attr]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if ref in ("S", "W", b"S", b"W"):
        value = -value
    if not (-180 <= value <= 180):
        return None
    return Decimal(str(value)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def read_exif(img: Image.Image) -> ExifData:
    """Capture time (DateTimeOriginal, else DateTime) and GPS position, if present."""
    try:
        exif = img.getexif()
    except Exception:  # noqa: BLE001 - malformed EXIF must not reject a valid photo
        return ExifData()
    if not exif:
        return ExifData()
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    taken = _parse_exif_datetime(sub.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime))
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    lat = lon = None
    if gps:
        lat = _dms_to_decimal(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef))
        lon = _dms_to_decimal(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef))
        if lat is not None and not (-90 <= lat <= 90):
            lat = None
    return ExifData(taken_at=taken, latitude=lat, longitude=lon if lat is not None else None)


def _encode_jpeg(img: Image.Image, size: tuple[int, int]) -> tuple[bytes, int, int]:
    copy = img.copy()
    copy.thumbnail(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif= argument: the re-encoded file carries no metadata at all.
    copy.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue(), copy.width, copy.height


def make_variants(data: bytes) -> tuple[tuple[bytes, int, int], tuple[bytes, int, int]]:
    """A metadata-free preview and thumbnail, upright per the EXIF orientation."""
    with Image.open(io.BytesIO(data)) as img:
        upright = ImageOps.exif_transpose(img)
        if upright.mode not in ("RGB", "L"):
            background = Image.new("RGB", upright.size, "white")
            rgba = upright.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            upright = background
        return _encode_jpeg(upright, PREVIEW_SIZE), _encode_jpeg(upright, THUMBNAIL_SIZE)
