"""Issuing the permanent plaque (永久性标牌), rendering it, recording its installation.

- issued only after completion acceptance, by the owner side (124号 Art. 9);
- its entries are the leads whose tenure covers the completion date, copied
  into the plaque when issued, so later changes never alter it;
- the PDF is rendered outside any transaction and stored once (its SHA-256
  then never changes); the SVG is drawn from the same frozen data on demand.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history, pdf, qr
from common.exceptions import Conflict
from common.models import StoredFile
from common.uploads import PHOTO, store_generated, store_photo
from projects.models import PartyRole, Project
from projects.services._util import full_clean, not_in_future
from responsibility import access
from responsibility.models import Plaque, PlaqueEntry, PlaqueInstallation
from responsibility.selectors import leads_on
from responsibility.services._util import checked_file, collect

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud or typed from a photo
CODE_LENGTH = 10

ROLE_WORDS = {
    PartyRole.OWNER: "建设单位",
    PartyRole.SURVEYOR: "勘察单位",
    PartyRole.DESIGNER: "设计单位",
    PartyRole.CONTRACTOR: "施工单位",
    PartyRole.SUPERVISOR: "监理单位",
}


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def plaque_snapshot(plaque: Plaque, entries: list[PlaqueEntry]) -> dict:
    return history.snapshot(
        plaque,
        entries=[
            {
                "role": e.role,
                "organization_name": e.organization_name,
                "organization_uscc": e.organization_uscc,
                "lead_name": e.lead_name,
                "registration_number": e.registration_number,
                "lead": e.lead_id,
            }
            for e in entries
        ],
    )


@transaction.atomic
def plaque_issue(*, actor, project: Project, location: str, issued_on: dt.date | None = None) -> Plaque:
    """Issue the plaque of a completed project from the leads on its completion date."""
    access.require_owner_side(actor, project)
    location = (location or "").strip()
    if not location:
        raise ValidationError({"location": _("Say where on the building the plaque is fixed.")})
    issued_on = issued_on or timezone.localdate()
    not_in_future(issued_on, field="issued_on")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != Project.Status.COMPLETED:
        raise Conflict(
            _("The plaque is issued after completion acceptance; this project is not completed."),
            code="not_completed",
        )
    if Plaque.objects.filter(project=project).exists():
        raise Conflict(_("This project's plaque has already been issued."), code="plaque_exists")
    if issued_on < project.completed_on:
        raise ValidationError({"issued_on": _("The plaque cannot be issued before completion acceptance.")})
    leads = leads_on(project, project.completed_on)
    missing = [str(PartyRole(r).label) for r in PartyRole.values if r not in leads]
    if missing:
        raise Conflict(
            _("No lead was in place on the completion date for: %(roles)s.") % {"roles": ", ".join(missing)},
            code="leads_missing",
            problems=missing,
        )
    plaque = Plaque(
        project=project,
        code=new_code(),
        issued_on=issued_on,
        issued_by=actor if actor.is_authenticated else None,
        project_name=project.name,
        project_code=project.code,
        project_address=project.address,
        design_service_life_years=project.design_service_life_years,
        started_on=project.started_on,
        completed_on=project.completed_on,
        lifetime_until=project.lifetime_until,
        location=location,
    )
    full_clean(plaque)
    try:
        with transaction.atomic():
            plaque.save(force_insert=True)
    except IntegrityError:
        raise Conflict(_("This project's plaque has already been issued."), code="plaque_exists") from None
    entries = [
        PlaqueEntry(
            plaque=plaque,
            role=role,
            lead=leads[role],
            organization_name=leads[role].organization.name,
            organization_uscc=leads[role].organization.uscc,
            lead_name=leads[role].person.name,
            registration_number=leads[role].registration_number,
        )
        for role in PartyRole.values
    ]
    PlaqueEntry.objects.bulk_create(entries)
    history.record(actor=actor, action="plaque_issue", obj=plaque, after=plaque_snapshot(plaque, entries))
    return plaque


def plaque_context(plaque: Plaque) -> dict:
    entries = sorted(plaque.entries.all(), key=lambda e: PlaqueEntry.ROLE_ORDER.index(e.role))
    for i, e in enumerate(entries):
        e.role_word = ROLE_WORDS[e.role]
        e.svg_y, e.svg_text_y = 136 + 20 * i, 149 + 20 * i
    return {"plaque": plaque, "entries": entries, "public_url": plaque.public_url}


def plaque_pdf_bytes(plaque: Plaque) -> bytes:
    ctx = plaque_context(plaque)
    ctx["qr_uri"] = pdf.data_uri(qr.qr_svg(plaque.public_url, scale=10, border=2).encode(), "image/svg+xml")
    return pdf.render_pdf("pdf/responsibility/plaque.html", ctx, language="zh-hans")


def plaque_svg(plaque: Plaque) -> str:
    """The plaque as one SVG (800 × 600 mm), its QR code drawn as vector paths."""
    ctx = plaque_context(plaque)
    ctx["qr"] = qr.qr_svg(plaque.public_url, scale=1, border=0)
    ctx["qr_scale"] = f"{120 / _qr_size(plaque.public_url):.4f}"
    return render_to_string("responsibility/plaque.svg", ctx)


def _qr_size(url: str) -> int:
    import segno

    return segno.make(url, error="m", micro=False).symbol_size(scale=1, border=0)[0]


def plaque_pdf(plaque: Plaque, *, actor=None) -> StoredFile:
    """The plaque's stored print PDF, rendered (outside any transaction) on first use."""
    if plaque.pdf_id:
        return plaque.pdf
    data = plaque_pdf_bytes(plaque)
    with transaction.atomic():
        locked = Plaque.objects.select_for_update().get(pk=plaque.pk)
        if locked.pdf_id is None:
            locked.pdf = store_generated(
                data, kind="pdf", name=f"永久性标牌-{plaque.project_code}.pdf", actor=actor, owner=locked
            )
            locked.save(update_fields=["pdf"])
        plaque.pdf = locked.pdf
    return plaque.pdf


@transaction.atomic
def plaque_install(
    *, actor, plaque: Plaque, installed_on: dt.date, location: str, photo, note: str = ""
) -> PlaqueInstallation:
    """Record where and when the plaque was fixed, with a photo of it in place."""
    access.require_owner_side(actor, plaque.project)
    errors: dict[str, list[str]] = {}
    checked = collect(errors, checked_file, photo, "photo", PHOTO)
    if checked is None and "photo" not in errors:
        errors["photo"] = [_("Upload a photo of the installed plaque.")]
    location = (location or "").strip()
    if not location:
        errors["location"] = [_("Say where the plaque was installed.")]
    if not isinstance(installed_on, dt.date):
        errors["installed_on"] = [_("Enter the installation date.")]
    else:
        collect(errors, not_in_future, installed_on, field="installed_on")
        if installed_on < plaque.completed_on:
            errors.setdefault("installed_on", []).append(
                _("The plaque cannot be installed before completion acceptance (%(day)s).")
                % {"day": plaque.completed_on.isoformat()}
            )
    if errors:
        raise ValidationError(errors)
    Plaque.objects.select_for_update().filter(pk=plaque.pk).first()
    stored = store_photo(checked, actor=actor)
    installation = PlaqueInstallation(
        plaque=plaque,
        installed_on=installed_on,
        location=location,
        photo=stored,
        note=(note or "").strip(),
        recorded_by=actor if actor.is_authenticated else None,
    )
    full_clean(installation)
    installation.save(force_insert=True)
    from common.uploads import attach

    attach(stored, installation)
    history.record(
        actor=actor,
        action="plaque_install",
        obj=installation,
        after=history.snapshot(installation, photo=history.file_ref(stored), photo_taken_at=stored.taken_at),
    )
    return installation
