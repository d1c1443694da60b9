"""Registering defects, complaints and accidents; resolving them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history
from common.exceptions import Conflict
from common.locations import normalize_location
from common.uploads import PHOTO, store_photo
from projects import access as project_access
from projects.models import Participant, PartyRole, Project, Role, UnitProject
from projects.services import notify_project
from responsibility.accidents import AccidentGrade, accident_grade
from responsibility.models import Defect, DefectPhoto
from responsibility.models.defects import DefectKind, Severity
from responsibility.services._util import checked_file, collect
from responsibility.warranty import WorkCategory, warranty_for

MAX_PHOTOS = 12


def _party_role(user, project: Project) -> str | None:
    """The role of the user's organisation among the project's current parties, if any."""
    if not user.organization_id:
        return None
    return (
        Participant.objects.filter(project=project, organization_id=user.organization_id, left_on__isnull=True)
        .values_list("role", flat=True)
        .first()
    )


def may_register(user, project: Project, *, category: str | None = None, day: dt.date | None = None) -> bool:
    """Regulators of the jurisdiction, the owner, and the contractor during the warranty."""
    if user.is_superuser:
        return True
    if user.role == Role.REGULATOR:
        return project_access.can_on_project(user, project, "regulate")
    role = _party_role(user, project)
    if role == PartyRole.OWNER:
        return True
    if role == PartyRole.CONTRACTOR:
        if category is None or day is None:
            return project.completed_on is not None
        return bool(warranty_for(category, project.completed_on, project.design_service_life_years).covers(day))
    return False


def _clean_date(value, field: str, project: Project, errors: dict) -> dt.date | None:
    if not isinstance(value, dt.date):
        errors.setdefault(field, []).append(_("Enter a date."))
        return None
    if value > timezone.localdate():
        errors.setdefault(field, []).append(_("This date is in the future."))
    elif project.started_on is None or value < project.started_on:
        errors.setdefault(field, []).append(
            _("The project started on %(day)s; a defect cannot be found before that.")
            % {"day": project.started_on or "—"}
            if project.started_on
            else _("The project has not started; there is no work to have a defect yet.")
        )
    return value


def _clean_count(value, field: str, errors: dict) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors.setdefault(field, []).append(_("Enter a whole number."))
        return None
    if not 0 <= number <= 100_000:
        errors.setdefault(field, []).append(_("Enter a number between 0 and 100,000."))
        return None
    return number


def _clean_loss(value, errors: dict) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        errors.setdefault("direct_loss", []).append(_("Enter an amount in CNY."))
        return None
    if amount < 0 or amount >= Decimal("1e12"):
        errors.setdefault("direct_loss", []).append(_("Enter an amount between 0 and 999,999,999,999."))
        return None
    return amount.quantize(Decimal("0.01"))


def _notify(defect: Defect) -> None:
    if defect.kind == DefectKind.ACCIDENT:
        title = _("Quality accident registered: %(project)s (%(grade)s)") % {
            "project": defect.project.name,
            "grade": defect.get_grade_display(),
        }
    else:
        title = _("%(kind)s registered: %(project)s, %(category)s") % {
            "kind": defect.get_kind_display(),
            "project": defect.project.name,
            "category": defect.get_work_category_display(),
        }
    notify_project(
        defect.project,
        kind=f"defect_{defect.kind}",
        title=title,
        body=defect.description[:500],
        url=defect.get_absolute_url(),
        include_regulators=True,
    )


@transaction.atomic
def defect_register(
    *,
    actor,
    project: Project,
    work_category: str,
    discovered_on: dt.date,
    description: str,
    unit_project: UnitProject | None = None,
    location: str = "",
    severity: str = Severity.SERIOUS,
    kind: str = DefectKind.DEFECT,
    photos: list | None = None,
    complainant: str = "",
    complainant_contact: str = "",
    channel: str = "",
    occurred_at: dt.datetime | None = None,
    deaths=None,
    serious_injuries=None,
    direct_loss=None,
    reported_to_authority_at: dt.datetime | None = None,
) -> Defect:
    """Register a defect, complaint or quality accident on a project the actor can see.

    The owner and regulators may register at any time after the start; the
    contractor only while the warranty of that work category runs.
    """
    if not may_register(actor, project):
        raise PermissionDenied(
            _("Defects are registered by regulators, the owner, or the contractor during the warranty.")
        )
    errors: dict[str, list[str]] = {}
    if work_category not in WorkCategory.values:
        errors["work_category"] = [_("Unknown work category.")]
    if kind not in DefectKind.values:
        errors["kind"] = [_("Unknown kind.")]
    if severity not in Severity.values:
        errors["severity"] = [_("Unknown severity.")]
    day = _clean_date(discovered_on, "discovered_on", project, errors)
    if not (description or "").strip():
        errors["description"] = [_("Describe what was found.")]
    try:
        location = normalize_location(location, required=False)
    except ValidationError as exc:
        errors["location"] = exc.messages
        location = ""
    if unit_project is not None and unit_project.project_id != project.pk:
        errors["unit_project"] = [_("This unit project belongs to another project.")]
    if location and unit_project is None:
        errors["unit_project"] = [_("Name the unit project the location is in.")]
    accident: dict = {}
    if kind == DefectKind.ACCIDENT:
        if not isinstance(occurred_at, dt.datetime):
            errors["occurred_at"] = [_("Enter when the accident happened.")]
        elif occurred_at > timezone.now():
            errors["occurred_at"] = [_("This time is in the future.")]
        accident["deaths"] = _clean_count(deaths if deaths is not None else 0, "deaths", errors)
        accident["serious_injuries"] = _clean_count(
            serious_injuries if serious_injuries is not None else 0, "serious_injuries", errors
        )
        accident["direct_loss"] = _clean_loss(direct_loss if direct_loss is not None else 0, errors)
        if reported_to_authority_at and isinstance(occurred_at, dt.datetime) and reported_to_authority_at < occurred_at:
            errors["reported_to_authority_at"] = [_("The report cannot precede the accident.")]
    if kind == DefectKind.COMPLAINT and not (complainant or "").strip():
        errors["complainant"] = [_("Name the complainant (a complaint is registered with its source).")]
    checked_photos = [collect(errors, checked_file, p, "photos", PHOTO) for p in (photos or [])]
    if len(checked_photos) > MAX_PHOTOS:
        errors["photos"] = [_("At most %(n)s photos.") % {"n": MAX_PHOTOS}]
    if errors:
        raise ValidationError(errors)

    if not may_register(actor, project, category=work_category, day=day):
        raise PermissionDenied(_("The contractor registers defects only within the warranty of the work category."))
    if project.status == Project.Status.REGISTERED:
        raise Conflict(_("The project has not started."), code="project_not_started")

    grade = ""
    if kind == DefectKind.ACCIDENT:
        grade = accident_grade(accident["deaths"], accident["serious_injuries"], accident["direct_loss"])
    defect = Defect(
        project=project,
        unit_project=unit_project,
        location=location,
        kind=kind,
        work_category=work_category,
        discovered_on=day,
        description=description.strip(),
        severity=severity,
        complainant=(complainant or "").strip(),
        complainant_contact=(complainant_contact or "").strip(),
        channel=channel or "",
        occurred_at=occurred_at if kind == DefectKind.ACCIDENT else None,
        grade=grade,
        reported_to_authority_at=reported_to_authority_at if kind == DefectKind.ACCIDENT else None,
        reported_by=actor,
        reporter_organization_id=actor.organization_id,
        **accident,
    )
    defect.full_clean()
    defect.save(force_insert=True)
    for checked in checked_photos:
        DefectPhoto.objects.create(defect=defect, file=store_photo(checked, actor=actor, owner=defect))
    history.record(
        actor=actor, action="defect_register", obj=defect, after=history.snapshot(defect, photos=len(checked_photos))
    )
    _notify(defect)
    return defect


def accident_report_late(defect: Defect) -> bool | None:
    """111号: the owner reports to the authority within 1 hour. None when unknown."""
    if defect.kind != DefectKind.ACCIDENT or defect.grade == AccidentGrade.BELOW_THRESHOLD:
        return None
    if defect.reported_to_authority_at is None:
        return timezone.now() - defect.occurred_at > dt.timedelta(hours=1)
    return defect.reported_to_authority_at - defect.occurred_at > dt.timedelta(hours=1)


@transaction.atomic
def defect_resolve(*, actor, defect: Defect, resolved_on: dt.date, resolution: str) -> Defect:
    """Record that a defect was repaired (the owner organises acceptance of the repair, 80号令 Art. 11)."""
    project = defect.project
    if not (
        actor.is_superuser
        or project_access.can_on_project(actor, project, "regulate")
        or _party_role(actor, project) == PartyRole.OWNER
    ):
        raise PermissionDenied(_("The owner or a regulator records the repair."))
    errors: dict[str, list[str]] = {}
    if not (resolution or "").strip():
        errors["resolution"] = [_("Say how it was repaired and who accepted the repair.")]
    if not isinstance(resolved_on, dt.date):
        errors["resolved_on"] = [_("Enter a date.")]
    elif resolved_on > timezone.localdate():
        errors["resolved_on"] = [_("This date is in the future.")]
    elif resolved_on < defect.discovered_on:
        errors["resolved_on"] = [_("A defect cannot be repaired before it was found.")]
    if errors:
        raise ValidationError(errors)
    defect = Defect.objects.select_for_update().get(pk=defect.pk)
    if defect.status != Defect._meta.get_field("status").default:
        raise Conflict(_("This defect is already resolved."), code="defect_resolved")
    before = history.snapshot(defect, fields=["status", "resolved_on", "resolution"])
    defect.status, defect.resolved_on, defect.resolution = "resolved", resolved_on, resolution.strip()
    defect.save(update_fields=["status", "resolved_on", "resolution"])
    history.record(
        actor=actor,
        action="defect_resolve",
        obj=defect,
        before=before,
        after=history.snapshot(defect, fields=["status", "resolved_on", "resolution"]),
    )
    return defect
