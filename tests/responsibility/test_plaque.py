"""The permanent plaque: issued after completion, frozen, printable with a QR code, public page."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from common.models import StoredFile
from responsibility import services
from responsibility.models import Plaque
from tests.factories.responsibility import lead_person, letter
from tests.files import jpeg_bytes
from tests.helpers import assert_access

PUBLIC_BASE = "https://registry.example.gov.cn"


def tool(*args: str) -> str:
    """Run a fixed system tool (poppler, chromium) on our own temp files."""
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stdout


def issue(as_user, world, user=None, location="1号楼南立面主入口左侧"):
    return as_user(user or world.owner).post(f"/api/v1/projects/{world.project.pk}/plaque/", {"location": location})


def test_no_plaque_before_completion(world, leads, as_user):
    response = issue(as_user, world)
    assert response.status_code == 409 and response.data["code"] == "not_completed"
    assert not Plaque.objects.exists()


def test_the_plaque_names_the_leads_on_the_completion_date_and_stays_frozen(world, completed, as_user, settings):
    settings.PUBLIC_BASE_URL = PUBLIC_BASE
    response = issue(as_user, world)
    assert response.status_code == 201, response.data
    data = response.data
    assert data["public_url"] == f"{PUBLIC_BASE}/p/{data['code']}"
    assert [e["role"] for e in data["entries"]] == ["owner", "surveyor", "designer", "contractor", "supervisor"]
    contractor = data["entries"][3]
    assert contractor == {
        "role": "contractor",
        "organization_name": "浙江建工集团有限责任公司",
        "organization_uscc": world.contractor_org.uscc,
        "lead_name": "王建国",
        "registration_number": "浙133061700001",
    }
    assert (data["design_service_life_years"], data["completed_on"]) == (50, "2024-09-30")
    # Later changes to names and leads leave the plaque as issued.
    world.contractor_lead.name = "王建国（改名）"
    world.contractor_lead.save()
    world.contractor_org.name = "新名称集团"
    world.contractor_org.save()
    lead = completed.leads.get(role="contractor")
    services.lead_correct(
        actor=world.owner, lead=lead, reason="更正", commitment_letter=letter(), committed_on=dt.date(2024, 1, 15)
    )
    again = as_user(world.regulator).get(f"/api/v1/projects/{world.project.pk}/plaque/").data
    assert again["entries"] == data["entries"]
    assert issue(as_user, world).status_code == 409


def test_only_the_owner_side_issues_the_plaque(world, completed):
    expected = {
        "owner": 201,
        "admin": 201,
        "contractor": 403,
        "supervisor": 403,
        "surveyor": 403,
        "designer": 403,
        "regulator": 403,
        "outsider": 404,
        "lab": 404,
        "other_supervisor": 404,
        "other_regulator": 404,
        "anonymous": 401,
    }
    assert_access(world, "POST", f"/api/v1/projects/{world.project.pk}/plaque/", expected, data={"location": "东侧"})


def test_the_pdf_reads_back_with_names_embedded_font_and_a_qr_code_to_the_public_page(
    world, completed, as_user, settings, tmp_path
):
    import zxingcpp

    settings.PUBLIC_BASE_URL = PUBLIC_BASE
    code = issue(as_user, world).data["code"]
    response = as_user(world.designer).get(f"/api/v1/projects/{world.project.pk}/plaque/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    path = tmp_path / "plaque.pdf"
    path.write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    assert (
        round(float(page.mediabox.width) / 72 * 25.4) == 800 and round(float(page.mediabox.height) / 72 * 25.4) == 600
    )
    text = page.extract_text().replace(" ", "")  # the title is letter-spaced
    for needle in (
        "工程质量终身责任永久性标牌",
        world.project.name,
        "王建国",
        "李监理",
        "浙133061700001",
        world.contractor_org.uscc,
    ):
        assert needle in text
    fonts = tool("/usr/bin/pdffonts", str(path))
    assert "WenQuanYi" in fonts and all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])
    tool("/usr/bin/pdftoppm", "-png", "-r", "40", "-singlefile", str(path), str(tmp_path / "page"))
    results = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert [r.text for r in results] == [f"{PUBLIC_BASE}/p/{code}"]
    # Stored once: the same bytes (and SHA-256) every time.
    again = b"".join(as_user(world.owner).get(f"/api/v1/projects/{world.project.pk}/plaque/pdf/").streaming_content)
    assert again == data


def test_the_svg_carries_the_names_and_a_decodable_qr(world, completed, as_user, settings, tmp_path):
    import zxingcpp

    settings.PUBLIC_BASE_URL = PUBLIC_BASE
    code = issue(as_user, world).data["code"]
    response = as_user(world.owner).get(f"/api/v1/projects/{world.project.pk}/plaque/svg/")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert "王建国" in svg and world.project.name in svg and 'width="800mm"' in svg
    (tmp_path / "p.svg").write_text(svg)
    (tmp_path / "p.html").write_text(
        '<body style="margin:0"><img src="p.svg" style="width:1600px;height:1200px"></body>'
    )
    tool(
        "/usr/bin/chromium",
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--allow-file-access-from-files",
        f"--screenshot={tmp_path}/p.png",
        "--window-size=1600,1200",
        f"file://{tmp_path}/p.html",
    )
    results = zxingcpp.read_barcodes(Image.open(tmp_path / "p.png"))
    assert [r.text for r in results] == [f"{PUBLIC_BASE}/p/{code}"]


def test_the_public_page_and_api_need_no_login_and_never_show_an_id_number(world, completed, as_user, client):
    code = issue(as_user, world).data["code"]
    numbers = [lead.person.id_number for lead in completed.leads.select_related("person")]
    masked = [lead.person.id_number_masked for lead in completed.leads.select_related("person")]
    page = client.get(f"/p/{code}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "王建国" in html and world.contractor_org.name in html
    api = as_user(None).get(f"/api/v1/public/plaques/{code}/")
    assert api.status_code == 200 and api.data["entries"][3]["lead_name"] == "王建国"
    body = html + api.content.decode()
    for number in numbers + masked:
        assert number not in body
    assert "id_number" not in api.content.decode()
    assert client.get("/p/NOSUCHCODE").status_code == 404
    assert as_user(None).get("/api/v1/public/plaques/NOSUCHCODE/").status_code == 404


def test_installation_keeps_exif_as_data_and_strips_gps_from_the_public_photo(world, completed, as_user, client):
    code = issue(as_user, world).data["code"]
    photo = jpeg_bytes(1600, 1200, taken="2024:10:08 09:30:00", gps=(30.2741, 120.1551))
    response = as_user(world.owner).post(
        f"/api/v1/projects/{world.project.pk}/plaque/installations/",
        {"installed_on": "2024-10-08", "location": "南立面主入口左侧", "photo": SimpleUploadedFile("p.jpg", photo)},
        format="multipart",
    )
    assert response.status_code == 201, response.data
    assert response.data["photo_taken_at"].startswith("2024-10-08T09:30:00")
    original = StoredFile.objects.get(pk=response.data["photo"]["id"])
    assert original.gps_latitude is not None  # kept as data, never served publicly
    public = client.get(f"/p/{code}/photo.jpg")
    assert public.status_code == 200
    served = Image.open(io.BytesIO(b"".join(public.streaming_content)))
    assert served.size[0] <= 1600 and not served.getexif().get_ifd(0x8825)
    assert not served.getexif()
    # The original is not public.
    assert client.get(original.download_url).status_code in (302, 404)


@pytest.mark.parametrize(
    ("photo", "field"),
    [
        (b"not an image", "photo"),
        (jpeg_bytes(), "installed_on"),
    ],
)
def test_bad_installation_input_is_refused(world, completed, as_user, photo, field):
    issue(as_user, world)
    response = as_user(world.owner).post(
        f"/api/v1/projects/{world.project.pk}/plaque/installations/",
        {"installed_on": "2024-01-01", "location": "x", "photo": SimpleUploadedFile("p.jpg", photo)},
        format="multipart",
    )
    assert response.status_code == 400 and field in response.data


def test_the_plaque_and_history_tabs_show_it(world, completed, as_user, client):
    issue(as_user, world)
    client.force_login(world.supervisor)
    page = client.get(f"/projects/{world.project.pk}/plaque/")
    assert page.status_code == 200 and "王建国" in page.content.decode()
    history = as_user(world.owner).get(f"/api/v1/projects/{world.project.pk}/history/").data["results"]
    assert "plaque_issue" in [h["action"] for h in history]
    assert lead_person  # factories importable by other apps' tests
