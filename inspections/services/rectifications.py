"""Rectification notices (整改通知): issue, reply, close, reopen, and the daily reminders.

- A notice is issued from a failed inspection that counts: by the project's
  supervision firm, or, for a failed spot check, by a regulator with
  jurisdiction; it goes to one of the project's current parties with a due date.
- Only that party's organisation replies, with text and photos; only the
  issuer's side closes (after a reply) or reopens it with a reason and a new
  due date.
- Unclosed notices block completion (inspections.gates).
- `rectification_reminders` (a daily cron job) sends "due soon" and
  "overdue" once per notice, kind and due date: a reopened notice with a new
  due date is reminded again, a rerun the same day sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history
from common.exceptions import Conflict
from inspections import access
from inspections.models import Inspection, Rectification, RectificationReminder, RectificationReply, Result
from inspections.services._util import checked_photos, collect, save_photos
from projects import access as project_access
from projects.models import Participant, PartyRole, Project, User
from projects.services import notify, regulators_of
from projects.services._util import not_in_future, require_reason

S = Rectification.Status


def _party_users(party: Participant):
    return User.objects.filter(is_active=True, organization_id=party.organization_id)


def _issuer_users(rectification: Rectification):
    if rectification.issuer == Rectification.Issuer.REGULATOR:
        return regulators_of(rectification.project)
    return User.objects.filter(is_active=True, organization_id=rectification.issuing_organization_id)


def _snapshot(r: Rectification) -> dict:
    return history.snapshot(r)


def _next_number(project: Project, day: dt.date) -> str:
    # Runs under the project lock: numbers are consecutive per project.
    n = Rectification.objects.filter(project=project).count() + 1
    return f"ZG-{project.pk}-{day:%Y}-{n:04d}"


@transaction.atomic
def rectification_issue(
    *,
    actor,
    inspection: Inspection,
    issued_to: Participant,
    due_on: dt.date,
    requirement: str,
    issued_on: dt.date | None = None,
) -> Rectification:
    """Issue a notice from a failed inspection (or spot check) to one of the project's parties."""
    project = inspection.project
    from_spot_check = inspection.kind == Inspection.Kind.SPOT_CHECK
    if from_spot_check:
        if not project_access.can_on_project(actor, project, "regulate"):
            raise PermissionDenied(_("Only a regulator with jurisdiction issues notices from a spot check."))
    else:
        access.require_supervisor(actor, project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    inspection.refresh_from_db()
    if not inspection.is_counting:
        raise Conflict(
            _("This record was corrected; issue the notice from its correction."), code="inspection_corrected"
        )
    if inspection.result != Result.FAIL:
        raise Conflict(_("A notice is issued from a failed inspection or spot check."), code="inspection_passed")
    if project.status == Project.Status.COMPLETED:
        raise Conflict(_("The project is completed."), code="project_completed")
    today = timezone.localdate()
    issued_on = issued_on or today
    errors: dict[str, list[str]] = {}
    collect(errors, not_in_future, issued_on, field="issued_on")
    if issued_on < inspection.performed_on:
        errors.setdefault("issued_on", []).append(_("A notice cannot precede the inspection it comes from."))
    if due_on is None or due_on < issued_on:
        errors.setdefault("due_on", []).append(_("The due date must be on or after the day of issue."))
    if not (requirement or "").strip():
        errors.setdefault("requirement", []).append(_("Say what must be rectified."))
    if issued_to is None or issued_to.project_id != project.pk or issued_to.left_on is not None:
        errors.setdefault("issued_to", []).append(_("Choose one of the project's current parties."))
    elif not from_spot_check and issued_to.role == PartyRole.SUPERVISOR:
        errors.setdefault("issued_to", []).append(_("The supervision firm does not issue notices to itself."))
    if errors:
        raise ValidationError(errors)
    if from_spot_check:
        issuer, issuing_org = Rectification.Issuer.REGULATOR, inspection.spot_check.draw.agency_id
    else:
        issuer = Rectification.Issuer.SUPERVISOR
        supervisor = project.parties.filter(role=PartyRole.SUPERVISOR, left_on__isnull=True).first()
        issuing_org = supervisor.organization_id
    rectification = Rectification(
        number=_next_number(project, issued_on),
        inspection=inspection,
        project=project,
        issued_to=issued_to,
        issuer=issuer,
        issuing_organization_id=issuing_org,
        requirement=requirement.strip(),
        issued_on=issued_on,
        due_on=due_on,
        issued_by=actor if actor.is_authenticated else None,
    )
    rectification.full_clean()
    rectification.save(force_insert=True)
    history.record(actor=actor, action="rectification_issue", obj=rectification, after=_snapshot(rectification))
    notify(
        _party_users(issued_to),
        kind="rectification_issued",
        title=_("Rectification notice %(number)s: due %(day)s")
        % {"number": rectification.number, "day": due_on.isoformat()},
        body=_("%(project)s: %(requirement)s") % {"project": project.name, "requirement": rectification.requirement},
        url=rectification.get_absolute_url(),
        project=project,
    )
    return rectification


def _lock(rectification: Rectification) -> Rectification:
    return Rectification.objects.select_for_update().select_related("project", "issued_to").get(pk=rectification.pk)


@transaction.atomic
def rectification_reply(
    *, actor, rectification: Rectification, text: str, photos: Iterable[Any] = (), replied_on: dt.date | None = None
) -> RectificationReply:
    """The party answers with what it did and photos as evidence; the notice waits for verification."""
    access.require_reply(actor, rectification)
    rectification = _lock(rectification)
    if rectification.status == S.CLOSED:
        raise Conflict(_("This notice is closed."), code="rectification_closed")
    if rectification.status == S.REPLIED:
        raise Conflict(_("A reply is already waiting for the issuer's verification."), code="rectification_replied")
    replied_on = replied_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not (text or "").strip():
        errors["text"] = [_("Say what was done.")]
    collect(errors, not_in_future, replied_on, field="replied_on")
    uploads = collect(errors, checked_photos, photos) or []
    if errors:
        raise ValidationError(errors)
    reply = RectificationReply(
        rectification=rectification,
        text=text.strip(),
        replied_by=actor if actor.is_authenticated else None,
        replied_on=replied_on,
    )
    reply.full_clean()
    reply.save(force_insert=True)
    save_photos(uploads, actor=actor, day=replied_on, owner=reply, reply=reply)
    before = _snapshot(rectification)
    rectification.status = S.REPLIED
    rectification.save(update_fields=["status"])
    history.record(
        actor=actor,
        action="rectification_reply",
        obj=rectification,
        before=before,
        after=_snapshot(rectification) | {"reply": reply.text, "photos": len(uploads)},
    )
    notify(
        _issuer_users(rectification),
        kind="rectification_replied",
        title=_("Reply to rectification notice %(number)s") % {"number": rectification.number},
        body=reply.text,
        url=rectification.get_absolute_url(),
        project=rectification.project,
    )
    return reply


@transaction.atomic
def rectification_close(
    *, actor, rectification: Rectification, closed_on: dt.date | None = None, note: str = ""
) -> Rectification:
    """The issuer verified the reply: the notice is closed."""
    access.require_verify(actor, rectification)
    rectification = _lock(rectification)
    if rectification.status == S.CLOSED:
        raise Conflict(_("This notice is already closed."), code="rectification_closed")
    if rectification.status == S.OPEN:
        raise Conflict(
            _("The party has not replied yet; a notice closes after its reply is verified."), code="no_reply"
        )
    closed_on = closed_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    collect(errors, not_in_future, closed_on, field="closed_on")
    if closed_on < rectification.issued_on:
        errors.setdefault("closed_on", []).append(_("A notice cannot close before it was issued."))
    if errors:
        raise ValidationError(errors)
    before = _snapshot(rectification)
    rectification.status, rectification.closed_on = S.CLOSED, closed_on
    rectification.full_clean()
    rectification.save(update_fields=["status", "closed_on"])
    history.record(
        actor=actor,
        action="rectification_close",
        obj=rectification,
        before=before,
        after=_snapshot(rectification),
        reason=note,
    )
    notify(
        _party_users(rectification.issued_to),
        kind="rectification_closed",
        title=_("Rectification notice %(number)s closed") % {"number": rectification.number},
        url=rectification.get_absolute_url(),
        project=rectification.project,
    )
    return rectification


@transaction.atomic
def rectification_reopen(*, actor, rectification: Rectification, reason: str, due_on: dt.date) -> Rectification:
    """The reply did not satisfy the issuer (or the defect came back): open again, with a new due date."""
    access.require_verify(actor, rectification)
    reason = require_reason(reason)
    rectification = _lock(rectification)
    if rectification.status == S.OPEN:
        raise Conflict(_("This notice is open already."), code="rectification_open")
    if rectification.project.status == Project.Status.COMPLETED:
        raise Conflict(_("The project is completed."), code="project_completed")
    if due_on is None or due_on < timezone.localdate():
        raise ValidationError({"due_on": [_("Give a new due date, today or later.")]})
    before = _snapshot(rectification)
    rectification.status, rectification.closed_on, rectification.due_on = S.OPEN, None, due_on
    rectification.full_clean()
    rectification.save(update_fields=["status", "closed_on", "due_on"])
    history.record(
        actor=actor,
        action="rectification_reopen",
        obj=rectification,
        before=before,
        after=_snapshot(rectification),
        reason=reason,
    )
    notify(
        _party_users(rectification.issued_to),
        kind="rectification_reopened",
        title=_("Rectification notice %(number)s reopened: due %(day)s")
        % {"number": rectification.number, "day": due_on.isoformat()},
        body=reason,
        url=rectification.get_absolute_url(),
        project=rectification.project,
    )
    return rectification


def _remind(r: Rectification, kind: str) -> bool:
    """Record the reminder; False when it was already sent for this notice, kind and due date."""
    try:
        with transaction.atomic():
            RectificationReminder.objects.create(rectification=r, kind=kind, due_on=r.due_on)
    except IntegrityError:
        return False
    return True


def send_rectification_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Due-soon and overdue reminders for open notices; safe to run any number of times a day."""
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=settings.RECTIFICATION_DUE_SOON_DAYS)
    sent = {"due_soon": 0, "overdue": 0}
    candidates = (
        Rectification.objects.filter(status=S.OPEN, due_on__lte=soon)
        .select_related("project", "issued_to__organization")
        .order_by("due_on", "id")
    )
    for r in candidates:
        kind = RectificationReminder.Kind.OVERDUE if r.due_on < today else RectificationReminder.Kind.DUE_SOON
        with transaction.atomic():
            if not _remind(r, kind):
                continue
            recipients = list(_party_users(r.issued_to))
            if kind == RectificationReminder.Kind.OVERDUE:
                recipients += list(_issuer_users(r)) + list(regulators_of(r.project))
                title = _("Rectification notice %(number)s is overdue (due %(day)s)")
            else:
                title = _("Rectification notice %(number)s is due on %(day)s")
            notify(
                recipients,
                kind=f"rectification_{kind}",
                title=title % {"number": r.number, "day": r.due_on.isoformat()},
                body=_("%(project)s: %(requirement)s") % {"project": r.project.name, "requirement": r.requirement},
                url=r.get_absolute_url(),
                project=r.project,
            )
            sent[kind] += 1
    return sent
