"""Lifetime accountability cases (质量终身责任追究): opened, investigated, decided and closed by regulators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history
from common.exceptions import Conflict
from projects import access as project_access
from projects.models import Organization, Participant, PartyRole, Project, User
from projects.services.notifications import notify
from responsibility.models import AccountabilityCase, CaseDefect, CaseFinding, CaseMeasure, CaseSubject, Defect, Lead
from responsibility.models.defects import CaseStatus, CaseTrigger, MeasureKind


def can_handle(actor, project: Project) -> bool:
    """Regulators with jurisdiction (and administrators) open, investigate, decide and close cases."""
    return actor.is_superuser or project_access.can_on_project(actor, project, "regulate")


def require_regulator(actor, project: Project) -> None:
    if not can_handle(actor, project):
        raise PermissionDenied(_("Only a regulator with jurisdiction over the project handles accountability cases."))


def _lock(case: AccountabilityCase, *, open_only: bool = True) -> AccountabilityCase:
    case = AccountabilityCase.objects.select_for_update().get(pk=case.pk)
    if open_only and case.status == CaseStatus.CLOSED:
        raise Conflict(_("The case is closed; it takes no more entries."), code="case_closed")
    return case


def _next_number(day: dt.date) -> str:
    prefix = f"ZR-{day.year}-"
    last = AccountabilityCase.objects.filter(number__startswith=prefix).aggregate(m=Max("number"))["m"]
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def _not_future(day, field: str, errors: dict) -> None:
    if not isinstance(day, dt.date):
        errors.setdefault(field, []).append(_("Enter a date."))
    elif day > timezone.localdate():
        errors.setdefault(field, []).append(_("This date is in the future."))


@transaction.atomic
def case_open(
    *, actor, defects: list[Defect], trigger: str, summary: str, opened_on: dt.date, finding: str = ""
) -> AccountabilityCase:
    """Open a case from one or more defects of one project."""
    errors: dict[str, list[str]] = {}
    if not defects:
        errors["defects"] = [_("Name at least one defect, complaint or accident.")]
    elif len({d.project_id for d in defects}) > 1:
        errors["defects"] = [_("A case concerns one project; these defects belong to several.")]
    if trigger not in CaseTrigger.values:
        errors["trigger"] = [_("Choose the trigger of 124号 Art. 6.")]
    if not (summary or "").strip():
        errors["summary"] = [_("Give the case a short summary.")]
    _not_future(opened_on, "opened_on", errors)
    if errors:
        raise ValidationError(errors)
    project = defects[0].project
    require_regulator(actor, project)
    # Serialise case numbering across concurrent openings.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    case = AccountabilityCase(
        number=_next_number(opened_on),
        project=project,
        trigger=trigger,
        summary=summary.strip(),
        opened_on=opened_on,
        opened_by=actor,
    )
    case.full_clean()
    case.save(force_insert=True)
    CaseDefect.objects.bulk_create([CaseDefect(case=case, defect=d) for d in defects])
    history.record(
        actor=actor, action="case_open", obj=case, after=history.snapshot(case, defects=[d.pk for d in defects])
    )
    if (finding or "").strip():
        _add_finding(actor, case, finding)
    return case


def _add_finding(actor, case: AccountabilityCase, text: str) -> CaseFinding:
    finding = CaseFinding.objects.create(case=case, text=text.strip(), recorded_by=actor)
    history.record(actor=actor, action="case_finding", obj=case, after={"finding": finding.text})
    return finding


@transaction.atomic
def case_add_finding(*, actor, case: AccountabilityCase, text: str) -> CaseFinding:
    require_regulator(actor, case.project)
    if not (text or "").strip():
        raise ValidationError({"text": [_("Write the finding.")]})
    return _add_finding(actor, _lock(case), text)


@transaction.atomic
def case_add_subject(
    *, actor, case: AccountabilityCase, role: str, organization: Organization, basis: str, lead: Lead | None = None
) -> CaseSubject:
    """Hold a party (and optionally its lead) accountable: the organisation must have taken that
    role on the project, and the lead must have led that role there."""
    require_regulator(actor, case.project)
    errors: dict[str, list[str]] = {}
    if role not in PartyRole.values:
        errors["role"] = [_("Unknown role.")]
    elif not Participant.objects.filter(project=case.project, role=role, organization=organization).exists():
        errors["organization"] = [_("%(org)s never took this role on the project.") % {"org": organization.name}]
    if lead is not None and (
        lead.project_id != case.project_id or lead.role != role or lead.organization_id != organization.pk
    ):
        errors["lead"] = [_("This lead did not lead this role for this organisation on the project.")]
    if not (basis or "").strip():
        errors["basis"] = [_("Say why this party answers (facts and articles).")]
    if errors:
        raise ValidationError(errors)
    case = _lock(case)
    if CaseSubject.objects.filter(case=case, role=role, organization=organization, lead=lead).exists():
        raise ValidationError({"organization": [_("Already held accountable in this case.")]})
    subject = CaseSubject.objects.create(
        case=case, role=role, organization=organization, lead=lead, basis=basis.strip(), recorded_by=actor
    )
    history.record(
        actor=actor,
        action="case_subject",
        obj=case,
        after={
            "role": role,
            "organization": organization.name,
            "lead": lead.person.name if lead else None,
            "basis": subject.basis,
        },
    )
    return subject


def _clean_measure(kind, amount, months, decided_on, errors: dict) -> tuple[Decimal | None, int | None]:
    if kind not in MeasureKind.values:
        errors["kind"] = [_("Unknown measure.")]
    value = None
    if amount not in (None, ""):
        try:
            value = Decimal(str(amount)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            errors["amount"] = [_("Enter an amount in CNY.")]
        else:
            if not Decimal("0") < value < Decimal("1e12"):
                errors["amount"] = [_("Enter a positive amount.")]
    if kind == MeasureKind.FINE and value is None and "amount" not in errors:
        errors["amount"] = [_("A fine needs an amount.")]
    duration = None
    if months not in (None, ""):
        try:
            duration = int(months)
        except (TypeError, ValueError):
            errors["months"] = [_("Enter a whole number of months.")]
        else:
            if not 1 <= duration <= 600:
                errors["months"] = [_("Enter between 1 and 600 months.")]
    if kind == MeasureKind.SUSPENSION and duration is None and "months" not in errors:
        errors["months"] = [_("A suspension needs its duration (e.g. 12 months, 124号 Art. 13).")]
    _not_future(decided_on, "decided_on", errors)
    return value, duration


@transaction.atomic
def case_add_measure(
    *,
    actor,
    case: AccountabilityCase,
    subject: CaseSubject,
    kind: str,
    decided_on: dt.date,
    amount=None,
    months=None,
    details: str = "",
) -> CaseMeasure:
    require_regulator(actor, case.project)
    errors: dict[str, list[str]] = {}
    if subject.case_id != case.pk:
        errors["subject"] = [_("This party is not held accountable in this case.")]
    value, duration = _clean_measure(kind, amount, months, decided_on, errors)
    if kind in (MeasureKind.SUSPENSION, MeasureKind.REVOCATION) and subject.lead_id is None and "kind" not in errors:
        errors["kind"] = [_("Suspension and revocation apply to a registered person: name the lead.")]
    if errors:
        raise ValidationError(errors)
    case = _lock(case)
    measure = CaseMeasure.objects.create(
        case=case,
        subject=subject,
        kind=kind,
        amount=value,
        months=duration,
        details=(details or "").strip(),
        decided_on=decided_on,
        recorded_by=actor,
    )
    history.record(actor=actor, action="case_measure", obj=case, after=history.snapshot(measure))
    return measure


@transaction.atomic
def case_withdraw_measure(*, actor, measure: CaseMeasure, reason: str, decided_on: dt.date) -> CaseMeasure:
    """A measure is never edited: a new row withdraws it, with the reason (e.g. on review)."""
    case = measure.case
    require_regulator(actor, case.project)
    errors: dict[str, list[str]] = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Give the reason for withdrawing the measure.")]
    _not_future(decided_on, "decided_on", errors)
    if errors:
        raise ValidationError(errors)
    case = _lock(case)
    if measure.withdraws_id is not None:
        raise Conflict(
            _("A withdrawal cannot itself be withdrawn; record a new measure."), code="measure_is_withdrawal"
        )
    if CaseMeasure.objects.filter(withdraws=measure).exists():
        raise Conflict(_("This measure is already withdrawn."), code="measure_withdrawn")
    withdrawal = CaseMeasure.objects.create(
        case=case,
        subject=measure.subject,
        kind=measure.kind,
        details=reason.strip(),
        decided_on=decided_on,
        withdraws=measure,
        recorded_by=actor,
    )
    history.record(
        actor=actor, action="case_measure_withdraw", obj=case, before=history.snapshot(measure), reason=reason
    )
    return withdrawal


@transaction.atomic
def case_decide(*, actor, case: AccountabilityCase, decided_on: dt.date) -> AccountabilityCase:
    require_regulator(actor, case.project)
    errors: dict[str, list[str]] = {}
    _not_future(decided_on, "decided_on", errors)
    if errors:
        raise ValidationError(errors)
    case = _lock(case)
    if case.status != CaseStatus.OPEN:
        raise Conflict(_("Only an open case can be decided."), code="case_not_open")
    if not case.subjects.exists():
        raise Conflict(_("Name at least one party held accountable before deciding."), code="case_without_subject")
    if decided_on < case.opened_on:
        raise ValidationError({"decided_on": [_("A case cannot be decided before it was opened.")]})
    before = history.snapshot(case, fields=["status", "decided_on"])
    case.status, case.decided_on = CaseStatus.DECIDED, decided_on
    case.save(update_fields=["status", "decided_on"])
    history.record(
        actor=actor,
        action="case_decide",
        obj=case,
        before=before,
        after=history.snapshot(case, fields=["status", "decided_on"]),
    )
    # The decision is served on those held accountable: their users now see the case.
    served = User.objects.filter(is_active=True, organization__in=case.subjects.values("organization_id"))
    notify(
        served,
        kind="case_decided",
        title=_("Accountability case %(number)s decided: %(project)s")
        % {"number": case.number, "project": case.project.name},
        body=_("Your organisation is held accountable in this case. The findings and measures are on its page."),
        url=case.get_absolute_url(),
        project=case.project,
    )
    return case


@transaction.atomic
def case_close(*, actor, case: AccountabilityCase, closed_on: dt.date, reason: str = "") -> AccountabilityCase:
    require_regulator(actor, case.project)
    errors: dict[str, list[str]] = {}
    _not_future(closed_on, "closed_on", errors)
    if errors:
        raise ValidationError(errors)
    case = _lock(case)
    if case.status == CaseStatus.OPEN and not (reason or "").strip():
        raise ValidationError({"reason": [_("Closing without a decision needs a reason (e.g. no liability found).")]})
    if closed_on < (case.decided_on or case.opened_on):
        raise ValidationError({"closed_on": [_("A case cannot be closed before it was opened or decided.")]})
    before = history.snapshot(case, fields=["status", "closed_on"])
    case.status, case.closed_on = CaseStatus.CLOSED, closed_on
    case.save(update_fields=["status", "closed_on"])
    history.record(
        actor=actor,
        action="case_close",
        obj=case,
        before=before,
        after=history.snapshot(case, fields=["status", "closed_on"]),
        reason=reason or "",
    )
    return case
