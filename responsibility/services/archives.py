"""The quality-responsibility archive (质量终身责任信息档案, 124号 Art. 10) as a PDF.

One WeasyPrint document holds the archive's own pages and, after them, one
page per page of every letter on file: the letter's heading (which lead,
which letter, its SHA-256) is drawn by WeasyPrint, image letters are
embedded there too, and PDF letters are laid onto their pages with pypdf.
Because the letters' pages sit exactly where WeasyPrint laid out their
headings, the index can cite final page numbers (CSS target-counter).

Speed (docs/benchmarks/responsibility.md): one WeasyPrint document, so the
CJK font is subset once; one font face; fixed-layout tables and SHA-256 on
one unbroken line (break-all made every hex digit a break opportunity);
letters read with PdfReader (no per-letter document clone); image letters
passed through as they are unless they need turning upright or are far
larger than an A4 page needs.

Rendering runs before the transaction that stores the version; every
generation is a new version and none is ever replaced.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history, pdf, qr
from common.exceptions import Conflict
from common.models import StoredFile
from common.uploads import attach, store_generated
from projects.models import Organization, Participant, PartyRole, Project
from projects.services._util import full_clean, not_in_future
from responsibility import access
from responsibility.models import Plaque, ResponsibilityArchive
from responsibility.selectors import lead_history, plaque_for, with_successors
from responsibility.services.plaques import ROLE_WORDS, plaque_context

REGISTRATION_WORDS = {
    "constructor_1": "一级注册建造师",
    "constructor_2": "二级注册建造师",
    "supervising_engineer": "注册监理工程师",
    "architect_1": "一级注册建筑师",
    "architect_2": "二级注册建筑师",
    "structural_engineer_1": "一级注册结构工程师",
    "structural_engineer_2": "二级注册结构工程师",
    "geotechnical_engineer": "注册土木工程师（岩土）",
    "other": "其他执业资格",
}
LETTER_WORDS = {"authorization": "法定代表人授权书", "commitment": "工程质量终身责任承诺书"}
REPLACEMENT_WORDS = {"damaged": "损坏", "lost": "遗失或被盗", "corrected": "信息更正"}


@dataclass
class Appendix:
    number: int
    kind: str  # authorization | commitment
    file: StoredFile
    lead_name: str
    role_word: str
    pages: int
    first_page_anchor: str
    data_uri: str = ""

    @property
    def title(self) -> str:
        return LETTER_WORDS[self.kind]

    @property
    def page_range(self) -> range:
        return range(1, self.pages + 1)


def archive_context(project: Project) -> dict:
    leads = list(lead_history(project))
    appendices: list[Appendix] = []
    seen: dict[str, Appendix] = {}
    for lead in leads:
        lead.role_word = ROLE_WORDS[lead.role]
        lead.registration_word = REGISTRATION_WORDS.get(lead.registration.kind, "") if lead.registration else ""
        lead.refs = {}
        for kind, f in (("authorization", lead.authorization_letter), ("commitment", lead.commitment_letter)):
            if f is None:
                continue
            if str(f.pk) not in seen:
                n = len(appendices) + 1
                app = Appendix(
                    number=n,
                    kind=kind,
                    file=f,
                    lead_name=lead.person.name,
                    role_word=lead.role_word,
                    pages=(f.pages or 1) if f.kind == "pdf" else 1,
                    first_page_anchor=f"appendix-{n}",
                )
                if f.is_image:
                    with f.file.open("rb") as fh:
                        app.data_uri = pdf.data_uri(*letter_image(fh.read(), f.mime_type))
                appendices.append(app)
                seen[str(f.pk)] = app
            lead.refs[kind] = seen[str(f.pk)]
    roles = [
        {"role": r, "word": ROLE_WORDS[r], "leads": [lead for lead in leads if lead.role == r]}
        for r in PartyRole.values
    ]
    parties = list(
        Participant.objects.filter(project=project).select_related("organization").order_by("role", "joined_on")
    )
    for p in parties:
        p.role_word = ROLE_WORDS[p.role]
    plaque = plaque_for(project)
    ctx = {
        "project": Project.objects.select_related("region", "registered_by").get(pk=project.pk),
        "roles": roles,
        "leads": leads,
        "parties": parties,
        "appendices": appendices,
        "generated_at": timezone.localtime(),
    }
    if plaque is not None:
        ctx.update({f"plaque_{k}": v for k, v in plaque_context(plaque).items()})
        ctx["plaque_qr"] = pdf.data_uri(qr.qr_svg(plaque.public_url).encode(), "image/svg+xml")
        if plaque.version > 1:
            versions = with_successors(list(Plaque.objects.filter(project=project).order_by("-version")))
            for v in versions:
                v.reason_word = REPLACEMENT_WORDS.get(v.replacement_reason, "")
            ctx["plaque_versions"] = versions[::-1]
    return ctx


#: Longest side, in pixels, an image letter needs in the archive: ~230 dpi over the
#: 220 mm the appendix page gives it. Larger scans are scaled down to about this.
LETTER_IMAGE_MAX_PX = 2000


def letter_image(data: bytes, mime: str) -> tuple[bytes, str]:
    """The bytes to embed for an image letter.

    The original, when it is upright and no larger than the page needs (WeasyPrint
    then embeds it untouched); else an upright, metadata-free JPEG of about
    LETTER_IMAGE_MAX_PX. Left to WeasyPrint, a 12-megapixel phone photo with an
    EXIF rotation is decoded, turned and re-encoded at full size on every render.
    """
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as img:
        turned = img.getexif().get(0x0112, 1) not in (0, 1)  # EXIF Orientation
        longest = max(img.size)
        if not turned and longest <= LETTER_IMAGE_MAX_PX:
            return data, mime
        if longest > LETTER_IMAGE_MAX_PX:
            # JPEG decodes at 1/2, 1/4 or 1/8 scale almost for free: ask for the smallest
            # scale that still gives at least LETTER_IMAGE_MAX_PX on the longest side.
            factor = LETTER_IMAGE_MAX_PX / longest
            img.draft("RGB", (round(img.width * factor), round(img.height * factor)))
        upright = ImageOps.exif_transpose(img)
        if max(upright.size) > LETTER_IMAGE_MAX_PX * 1.25:  # not a JPEG, or no draft scale fits
            upright.thumbnail((LETTER_IMAGE_MAX_PX, LETTER_IMAGE_MAX_PX), Image.Resampling.BICUBIC)
        if upright.mode not in ("RGB", "L"):
            rgba = upright.convert("RGBA")
            upright = Image.new("RGB", rgba.size, "white")
            upright.paste(rgba, mask=rgba.getchannel("A"))
        out = io.BytesIO()
        upright.save(out, "JPEG", quality=85)
        return out.getvalue(), "image/jpeg"


def render_archive(project: Project, *, version: int) -> tuple[bytes, int, int]:
    """(PDF bytes, page count, lead entries). Reads the database; writes nothing."""
    ctx = archive_context(project)
    ctx["version"] = version
    layout = pdf.render_pdf("pdf/responsibility/archive.html", ctx, language="zh-hans")
    data, total = lay_letters(layout, ctx["appendices"])
    return data, total, len(ctx["leads"])


def lay_letters(layout: bytes, appendices: list[Appendix]) -> tuple[bytes, int]:
    """Lay each PDF letter's pages onto the appendix pages WeasyPrint left for them."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(layout)))
    total = len(writer.pages)
    index = total - sum(a.pages for a in appendices)
    for app in appendices:
        if app.file.kind != "pdf":
            index += 1
            continue
        with app.file.file.open("rb") as fh:
            letter = PdfReader(io.BytesIO(fh.read()))
        for page in letter.pages:
            if page.rotation:
                page.transfer_rotation_to_content()
            target = writer.pages[index]
            box = target.mediabox
            # Below the heading WeasyPrint drew: 20 mm margins, 30 mm heading band.
            left, bottom, right, top = 57.0, 57.0, float(box.width) - 57.0, float(box.height) - 57.0 - 85.0
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            scale = min((right - left) / w, (top - bottom) / h)
            dx = left + ((right - left) - w * scale) / 2 - float(page.mediabox.left) * scale
            dy = bottom + ((top - bottom) - h * scale) / 2 - float(page.mediabox.bottom) * scale
            target.merge_transformed_page(page, Transformation().scale(scale).translate(dx, dy))
            index += 1
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), total


def _next_version(project: Project) -> int:
    last = ResponsibilityArchive.objects.filter(project=project).order_by("-version").values_list("version", flat=True)
    return (last.first() or 0) + 1


def archive_generate(*, actor, project: Project) -> ResponsibilityArchive:
    """Build a new archive version. Renders first, then stores in one short transaction."""
    access.require_owner_side(actor, project)
    next_version = _next_version(project)
    data, pages, lead_count = render_archive(project, version=next_version)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        # Rendered outside the lock; the version it carries must still be the next one.
        if _next_version(project) != next_version:
            raise Conflict(
                _("Another archive version was generated meanwhile; reload and try again."), code="archive_race"
            )
        stored = store_generated(
            data, kind="pdf", name=f"质量终身责任信息档案-{project.code}-v{next_version}.pdf", actor=actor, pages=pages
        )
        archive = ResponsibilityArchive(
            project=project,
            version=next_version,
            pdf=stored,
            sha256=stored.sha256,
            pages=pages,
            lead_count=lead_count,
            generated_by=actor if actor.is_authenticated else None,
        )
        full_clean(archive)
        archive.save(force_insert=True)
        attach(stored, archive)
        history.record(
            actor=actor,
            action="archive_generate",
            obj=archive,
            after=history.snapshot(archive, pdf=history.file_ref(stored)),
        )
    return archive


@transaction.atomic
def archive_handover(
    *,
    actor,
    archive: ResponsibilityArchive,
    handed_over_to: Organization,
    handed_over_on: dt.date,
    receipt_number: str,
) -> ResponsibilityArchive:
    """Record the handover of an archive version to the archive organisation (城建档案馆)."""
    project = archive.project
    access.require_owner_side(actor, project)
    errors: dict[str, list[str]] = {}
    receipt_number = (receipt_number or "").strip()
    if not receipt_number:
        errors["receipt_number"] = [_("Give the number of the receipt the archive issued.")]
    if handed_over_to is None or not handed_over_to.kinds.filter(kind=Organization.Kind.ARCHIVE).exists():
        errors["handed_over_to"] = [_("Choose an organisation registered as a construction archive (城建档案馆).")]
    if not isinstance(handed_over_on, dt.date):
        errors["handed_over_on"] = [_("Enter the handover date.")]
    else:
        try:
            not_in_future(handed_over_on, field="handed_over_on")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != Project.Status.COMPLETED:
        raise Conflict(
            _("The archive is handed over after completion acceptance; this project is not completed."),
            code="not_completed",
        )
    if handed_over_on < project.completed_on:
        raise ValidationError({"handed_over_on": _("The handover cannot precede completion acceptance.")})
    archive = ResponsibilityArchive.objects.select_for_update().get(pk=archive.pk)
    if archive.is_handed_over:
        raise Conflict(_("This archive version has already been handed over."), code="already_handed_over")
    before = history.snapshot(archive)
    archive.handed_over_to, archive.handed_over_on, archive.receipt_number = (
        handed_over_to,
        handed_over_on,
        receipt_number,
    )
    archive.handover_recorded_by = actor if actor.is_authenticated else None
    full_clean(archive)
    archive.save(update_fields=["handed_over_to", "handed_over_on", "receipt_number", "handover_recorded_by"])
    history.record(actor=actor, action="archive_handover", obj=archive, before=before, after=history.snapshot(archive))
    return archive
