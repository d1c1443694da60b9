"""The one upload path: types from bytes, limits, hashes, variants without metadata."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common.images import read_exif
from common.uploads import DOCUMENT, PHOTO, UploadPolicy, check_upload, store_photo, store_upload
from tests.files import jpeg_bytes, pdf_bytes, png_bytes


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


class TestCheckUpload:
    def test_it_accepts_a_real_pdf_and_counts_its_pages(self):
        checked = check_upload(upload(pdf_bytes(pages=2), "承诺书.pdf"), DOCUMENT)
        assert (checked.kind, checked.pages) == ("pdf", 2)
        assert checked.sha256 == hashlib.sha256(checked.data).hexdigest()

    def test_it_refuses_a_text_file_named_pdf(self):
        with pytest.raises(ValidationError) as exc:
            check_upload(upload(b"I am not a PDF at all", "forged.pdf"), DOCUMENT)
        assert exc.value.code == "file_type"

    def test_it_refuses_a_file_that_only_starts_like_a_pdf(self):
        with pytest.raises(ValidationError) as exc:
            check_upload(upload(b"%PDF-1.7\n garbage that is not a PDF", "broken.pdf"), DOCUMENT)
        assert exc.value.code == "pdf_unreadable"

    def test_it_refuses_files_over_the_size_limit(self):
        small = UploadPolicy(frozenset({"pdf"}), max_bytes=1000)
        with pytest.raises(ValidationError) as exc:
            check_upload(upload(pdf_bytes() + b"\n" * 2000, "big.pdf"), small)
        assert exc.value.code == "file_too_large"

    def test_it_refuses_an_empty_file(self):
        with pytest.raises(ValidationError):
            check_upload(b"", DOCUMENT)

    def test_it_refuses_a_pdf_where_only_photos_are_allowed(self):
        with pytest.raises(ValidationError) as exc:
            check_upload(upload(pdf_bytes(), "photo.jpg"), PHOTO)
        assert exc.value.code == "file_type"

    def test_it_refuses_an_image_with_too_many_pixels(self):
        tiny_limit = UploadPolicy(frozenset({"png"}), max_pixels=100 * 100)
        with pytest.raises(ValidationError) as exc:
            check_upload(upload(png_bytes(200, 200), "large.png"), tiny_limit)
        assert exc.value.code == "image_too_many_pixels"

    def test_it_refuses_a_decompression_bomb(self):
        # 20000 x 20000 pixels of one colour compress to a few hundred kilobytes.
        with pytest.raises(ValidationError) as exc:
            check_upload(upload(png_bytes(20000, 20000, mode="1"), "bomb.png"), PHOTO)
        assert exc.value.code in ("image_too_many_pixels", "image_bomb")

    def test_it_refuses_a_truncated_image(self):
        data = jpeg_bytes()
        with pytest.raises(ValidationError) as exc:
            check_upload(upload(data[: len(data) // 2], "cut.jpg"), PHOTO)
        assert exc.value.code == "image_damaged"

    def test_it_reads_the_capture_time_and_gps_from_exif(self):
        checked = check_upload(
            upload(jpeg_bytes(taken="2025:05:06 09:30:00", gps=(30.2741, 120.1551)), "site.jpg"), PHOTO
        )
        assert checked.exif.taken_at.isoformat() == "2025-05-06T09:30:00+08:00"
        assert float(checked.exif.latitude) == pytest.approx(30.2741, abs=1e-4)
        assert float(checked.exif.longitude) == pytest.approx(120.1551, abs=1e-4)


@pytest.mark.django_db
class TestStore:
    def test_a_stored_document_keeps_its_hash_and_bytes(self, world):
        checked = check_upload(upload(pdf_bytes(), "授权书.pdf"), DOCUMENT)
        stored = store_upload(checked, actor=world.owner)
        assert stored.sha256 == checked.sha256
        assert stored.file.read() == checked.data
        assert stored.original_name == "授权书.pdf"

    def test_a_stored_photo_gets_a_preview_and_thumbnail_without_metadata(self, world):
        checked = check_upload(
            upload(jpeg_bytes(1200, 900, taken="2025:05:06 09:30:00", gps=(30.27, 120.15)), "p.jpg"), PHOTO
        )
        original = store_photo(checked, actor=world.supervisor)
        assert original.gps_latitude is not None
        variants = {v.variant: v for v in original.variants.all()}
        assert set(variants) == {"preview", "thumbnail"}
        with Image.open(variants["thumbnail"].file) as thumb:
            assert max(thumb.size) <= 320
            assert read_exif(thumb).taken_at is None
            assert not thumb.getexif()
