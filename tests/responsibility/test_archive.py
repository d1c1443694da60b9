"""The responsibility archive: a PDF with every lead and letter, versions kept, handover recorded."""

from __future__ import annotations

import hashlib
import io
import subprocess

from pypdf import PdfReader

from common.models import StoredFile
from responsibility.models import ResponsibilityArchive
from tests.factories.projects import OrganizationFactory
from tests.helpers import assert_access


def tool(*args: str) -> str:
    """Run a fixed system tool (poppler, chromium) on our own temp files."""
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stdout


def generate(as_user, world, user=None):
    return as_user(user or world.owner).post(f"/api/v1/projects/{world.project.pk}/archive/")


def test_the_archive_pdf_lists_every_lead_with_masked_id_and_embeds_the_letters(world, completed, as_user, tmp_path):
    as_user(world.owner).post(f"/api/v1/projects/{world.project.pk}/plaque/", {"location": "主入口"})
    response = generate(as_user, world)
    assert response.status_code == 201, response.data
    archive = ResponsibilityArchive.objects.get()
    data = archive.pdf.file.open("rb").read()
    assert hashlib.sha256(data).hexdigest() == archive.sha256 == response.data["sha256"]
    reader = PdfReader(io.BytesIO(data))
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "")
    lead = completed.leads.select_related("person").get(role="contractor")
    assert "王建国" in text and lead.person.id_number_masked in text and lead.person.id_number not in text
    assert "浙133061700001" in text and "永久性标牌" in text
    for f in (lead.authorization_letter, lead.commitment_letter):
        assert f.sha256 in text
    # 10 one-page letters laid onto their own pages after the archive's pages.
    assert len(reader.pages) == archive.pages >= 10 + 3
    (tmp_path / "a.pdf").write_bytes(data)
    fonts = tool("/usr/bin/pdffonts", str(tmp_path / "a.pdf"))
    assert "WenQuanYi" in fonts


def test_regenerating_keeps_every_version(world, completed, as_user):
    first = generate(as_user, world).data
    second = generate(as_user, world).data
    assert (first["version"], second["version"]) == (1, 2)
    versions = as_user(world.regulator).get(f"/api/v1/projects/{world.project.pk}/archive/versions/").data
    assert [v["version"] for v in versions] == [2, 1]
    assert StoredFile.objects.filter(pk__in=ResponsibilityArchive.objects.values("pdf")).count() == 2
    latest = as_user(world.owner).get(f"/api/v1/projects/{world.project.pk}/archive/").data
    assert latest["version"] == 2 and latest["pdf_url"].endswith(
        f"/files/{ResponsibilityArchive.objects.get(version=2).pdf_id}/"
    )


def test_the_handover_is_recorded_once_to_an_archive_organisation(world, completed, as_user):
    generate(as_user, world)
    archive_org = OrganizationFactory(name="杭州市城建档案馆", kinds=("archive",))
    url = f"/api/v1/projects/{world.project.pk}/archive/handover/"
    client = as_user(world.owner)
    bad = client.post(
        url, {"handed_over_to": world.contractor_org.pk, "handed_over_on": "2024-10-10", "receipt_number": "R1"}
    )
    assert bad.status_code == 400 and "handed_over_to" in bad.data
    early = client.post(url, {"handed_over_to": archive_org.pk, "handed_over_on": "2024-09-01", "receipt_number": "R1"})
    assert early.status_code == 400 and "handed_over_on" in early.data
    ok = client.post(
        url, {"handed_over_to": archive_org.pk, "handed_over_on": "2024-10-10", "receipt_number": "HZCJ-1"}
    )
    assert (
        ok.status_code == 200
        and ok.data["handed_over_on"] == "2024-10-10"
        and ok.data["handed_over_to"] == archive_org.pk
    )
    again = client.post(url, {"handed_over_to": archive_org.pk, "handed_over_on": "2024-10-11", "receipt_number": "X"})
    assert again.status_code == 409
    history = client.get(f"/api/v1/projects/{world.project.pk}/history/").data["results"]
    assert {"archive_generate", "archive_handover"} <= {h["action"] for h in history}


def test_before_the_first_version_there_is_no_archive_to_read(world, completed):
    # Who may generate and read it: test_access_matrix.py.
    url = f"/api/v1/projects/{world.project.pk}/archive/"
    assert_access(world, "GET", url, {"owner": 404, "regulator": 404, "outsider": 404, "anonymous": 401})


def test_the_archive_file_is_readable_by_project_viewers_only(world, completed, as_user, client):
    generate(as_user, world)
    archive = ResponsibilityArchive.objects.get()
    client.force_login(world.regulator)
    assert client.get(archive.pdf.download_url).status_code == 200
    client.force_login(world.outsider)
    assert client.get(archive.pdf.download_url).status_code == 404


def _photo(width: int, height: int, orientation: int) -> bytes:
    from PIL import Image

    img = Image.new("RGB", (width, height), (240, 238, 230))
    img.paste((20, 20, 20), (0, 0, width // 4, height))  # a dark band on the left edge, as taken
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80, exif=exif.tobytes())
    return out.getvalue()


def test_a_sideways_phone_photo_letter_is_embedded_upright_and_scaled_to_the_page():
    from PIL import Image

    from responsibility.services.archives import LETTER_IMAGE_MAX_PX, letter_image

    data, mime = letter_image(_photo(4032, 3024, orientation=6), "image/jpeg")
    img = Image.open(io.BytesIO(data))
    assert mime == "image/jpeg" and img.height > img.width  # turned upright: portrait
    assert LETTER_IMAGE_MAX_PX <= max(img.size) <= LETTER_IMAGE_MAX_PX * 1.25
    assert not img.getexif()  # no orientation left to apply twice, no GPS
    # Orientation 6 turns the image clockwise: the band on its left edge is now at the top.
    assert img.getpixel((img.width // 2, 10))[0] < 80 and img.getpixel((img.width // 2, img.height - 10))[0] > 200


def test_an_upright_scan_of_a_sensible_size_is_embedded_as_it_is():
    from responsibility.services.archives import letter_image

    scan = _photo(1240, 1754, orientation=1)
    assert letter_image(scan, "image/jpeg") == (scan, "image/jpeg")


def test_an_image_letter_appears_in_the_archive_on_its_own_page(world, completed, as_user):
    from common.uploads import DOCUMENT, check_upload
    from responsibility import services

    lead = completed.leads.get(role="owner")
    services.lead_correct(
        actor=world.owner,
        lead=lead,
        reason="授权书应为扫描件",
        authorization_letter=check_upload(_photo(3000, 2250, orientation=6), DOCUMENT, name="授权书.jpg"),
    )
    assert generate(as_user, world).status_code == 201
    archive = ResponsibilityArchive.objects.get()
    reader = PdfReader(io.BytesIO(archive.pdf.file.open("rb").read()))
    images = [
        xobject.get_object()
        for page in reader.pages
        for xobject in (page["/Resources"].get("/XObject") or {}).values()
        if xobject.get_object().get("/Subtype") == "/Image"
    ]
    # 3000 x 2250 taken sideways: embedded upright (portrait) at 2000 px, not re-encoded at full size.
    assert (1500, 2000) in [(int(i["/Width"]), int(i["/Height"])) for i in images]
