"""Issuing, replacing and rendering the permanent plaque (永久性标牌), recording its installation.

- issued only after completion acceptance, by the owner side (124号 Art. 9);
- its entries are the leads whose tenure covers the completion date, copied
  into the plaque when issued, so later changes never alter it;
- never edited: a damaged, lost or wrong plaque is replaced by a new version
  (same public code, entries derived afresh), the old one kept (domain.md §11.2.7);
- the PDF is rendered outside any transaction and stored once per version (its
  SHA-256 then never changes); the SVG is drawn from the same frozen data on demand.
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
from common.uploads import PHOTO, attach, store_generated, store_photo
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


def _completion_leads(project: Project) -> dict:
    """role -> the lead in office on the completion date; 409 naming any role without one."""
    leads = leads_on(project, project.completed_on)
    missing = [str(PartyRole(r).label) for r in PartyRole.values if r not in leads]
    if missing:
        raise Conflict(
            _("No lead was in place on the completion date for: %(roles)s.") % {"roles": ", ".join(missing)},
            code="leads_missing",
            problems=missing,
        )
    return leads


def _frozen_plaque(project: Project, **fields) -> Plaque:
    """A new plaque version carrying a copy of every project fact it prints."""
    return Plaque(
        project=project,
        project_name=project.name,
        project_code=project.code,
        project_address=project.address,
        design_service_life_years=project.design_service_life_years,
        started_on=project.started_on,
        completed_on=project.completed_on,
        lifetime_until=project.lifetime_until,
        **fields,
    )


def _frozen_entries(plaque: Plaque, leads: dict) -> list[PlaqueEntry]:
    return [
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


#: What a plaque line prints. A correction that changed only a lead's letters or dates
#: leaves the plaque right, so it is not a difference.
PRINTED_FIELDS = ("organization_name", "organization_uscc", "lead_name", "registration_number")


def entry_differences(plaque: Plaque, leads: dict) -> list[str]:
    """Roles whose printed line on `plaque` no longer reads as the registry does for the completion date.

    Non-empty after a lead entry covering the completion date was corrected to
    another person or registration, or a name was corrected: the plaque keeps
    what it says, and the owner replaces it with a new version (reason: entries
    corrected).
    """
    fresh = {e.role: e for e in _frozen_entries(plaque, leads)} if len(leads) == len(PartyRole.values) else {}
    on_plaque = {e.role: e for e in plaque.entries.all()}
    return [
        role
        for role in PartyRole.values
        if role not in fresh
        or role not in on_plaque
        or any(getattr(fresh[role], f) != getattr(on_plaque[role], f) for f in PRINTED_FIELDS)
    ]


def _completed_and_locked(project: Project, message: str) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status != Project.Status.COMPLETED:
        raise Conflict(message, code="not_completed")
    return project


@transaction.atomic
def plaque_issue(*, actor, project: Project, location: str, issued_on: dt.date | None = None) -> Plaque:
    """Issue the plaque of a completed project from the leads on its completion date."""
    access.require_owner_side(actor, project)
    location = (location or "").strip()
    if not location:
        raise ValidationError({"location": _("Say where on the building the plaque is fixed.")})
    issued_on = issued_on or timezone.localdate()
    not_in_future(issued_on, field="issued_on")
    project = _completed_and_locked(
        project, _("The plaque is issued after completion acceptance; this project is not completed.")
    )
    if Plaque.objects.filter(project=project).exists():
        raise Conflict(
            _("This project's plaque has already been issued; a damaged, lost or wrong plaque is replaced."),
            code="plaque_exists",
        )
    if issued_on < project.completed_on:
        raise ValidationError({"issued_on": _("The plaque cannot be issued before completion acceptance.")})
    leads = _completion_leads(project)
    plaque = _frozen_plaque(
        project,
        version=1,
        code=_unused_code(),
        issued_on=issued_on,
        issued_by=actor if actor.is_authenticated else None,
        location=location,
    )
    full_clean(plaque)
    try:
        with transaction.atomic():
            plaque.save(force_insert=True)
    except IntegrityError:
        raise Conflict(_("This project's plaque has already been issued."), code="plaque_exists") from None
    entries = _frozen_entries(plaque, leads)
    PlaqueEntry.objects.bulk_create(entries)
    history.record(actor=actor, action="plaque_issue", obj=plaque, after=plaque_snapshot(plaque, entries))
    return plaque


def _unused_code() -> str:
    """A fresh public code. 32^10 codes make a clash unlikely; the unique (code, version) index catches one."""
    while True:
        code = new_code()
        if not Plaque.objects.filter(code=code).exists():
            return code


@transaction.atomic
def plaque_replace(
    *,
    actor,
    project: Project,
    reason: str,
    note: str,
    location: str = "",
    issued_on: dt.date | None = None,
    version: int | None = None,
) -> Plaque:
    """Replace the current plaque by a new version; the old one is kept, marked replaced.

    The new version's entries are derived afresh from the leads on the
    completion date (so a corrected lead entry reaches the new plaque, never
    the old one), its project facts copied afresh, its public code the same.
    `version`, when given, is the version the caller means to replace: a
    second submission of the same request then answers 409, not a third plaque.
    """
    access.require_owner_side(actor, project)
    errors: dict[str, list[str]] = {}
    if reason not in Plaque.Reason.values:
        errors["reason"] = [_("Choose why the plaque is replaced: damaged, lost or stolen, or entries corrected.")]
    note = (note or "").strip()
    if not note:
        errors["note"] = [_("Say what happened to the plaque, or what was corrected.")]
    issued_on = issued_on or timezone.localdate()
    collect(errors, not_in_future, issued_on, field="issued_on")
    if errors:
        raise ValidationError(errors)
    project = _completed_and_locked(
        project, _("The plaque is replaced after completion acceptance; this project is not completed.")
    )
    current = Plaque.objects.current().select_for_update().filter(project=project).first()
    if current is None:
        raise Conflict(_("No plaque has been issued for this project yet: issue it first."), code="no_plaque")
    if version is not None and version != current.version:
        raise Conflict(
            _("Version %(v)d is no longer the current plaque (the current one is version %(c)d).")
            % {"v": version, "c": current.version},
            code="plaque_replaced",
        )
    if issued_on < current.issued_on:
        raise ValidationError(
            {
                "issued_on": _("A replacement cannot be issued before the version it replaces (%(day)s).")
                % {"day": current.issued_on.isoformat()}
            }
        )
    leads = _completion_leads(project)
    old_entries = list(current.entries.all())
    if reason == Plaque.Reason.CORRECTED and not entry_differences(current, leads):
        raise Conflict(
            _(
                "The plaque already reads as the registry does for the completion date: there is nothing "
                "to correct. Correct the lead entry first, then replace the plaque."
            ),
            code="nothing_to_correct",
        )
    before = plaque_snapshot(current, old_entries)
    current.replaced_at = timezone.now()
    current.save(update_fields=["replaced_at"])
    history.record(
        actor=actor, action="plaque_superseded", obj=current, before=before, after=plaque_snapshot(current, old_entries)
    )
    plaque = _frozen_plaque(
        project,
        version=current.version + 1,
        code=current.code,
        replaces=current,
        replacement_reason=reason,
        replacement_note=note,
        issued_on=issued_on,
        issued_by=actor if actor.is_authenticated else None,
        location=(location or "").strip() or current.location,
    )
    full_clean(plaque)
    plaque.save(force_insert=True)
    entries = _frozen_entries(plaque, leads)
    PlaqueEntry.objects.bulk_create(entries)
    history.record(
        actor=actor,
        action="plaque_replace",
        obj=plaque,
        before=before,
        after=plaque_snapshot(plaque, entries),
        reason=note,
    )
    return plaque


def plaque_context(plaque: Plaque) -> dict:
    entries = plaque.ordered_entries()
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
        elif plaque.replaces_id and installed_on < plaque.issued_on:
            errors.setdefault("installed_on", []).append(
                _("A replacement plaque cannot be installed before it was issued (%(day)s).")
                % {"day": plaque.issued_on.isoformat()}
            )
    if errors:
        raise ValidationError(errors)
    locked = Plaque.objects.select_for_update().get(pk=plaque.pk)
    if not locked.is_current:
        raise Conflict(
            _("Version %(v)d of the plaque has been replaced; record the installation of the current version.")
            % {"v": locked.version},
            code="plaque_replaced",
        )
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
    attach(stored, installation)
    history.record(
        actor=actor,
        action="plaque_install",
        obj=installation,
        after=history.snapshot(installation, photo=history.file_ref(stored), photo_taken_at=stored.taken_at),
    )
    return installation
