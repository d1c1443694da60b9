"""Recording inspections and acceptances, correcting them, and recording covered work.

The rules (GB 50300-2013 ch. 5–6; domain.md §7, §11.2 items 8 and 12):
- only the project's supervision party records inspections, on a project
  under construction, for a date that is not in the future;
- the inspector and co-signers sign in the capacity the level needs
  (inspections.rules); a record that lacks a required signer is refused;
- a higher acceptance level names the records one level below it that it
  covers; it passes only when every one of them passed (409 otherwise);
- an inspection lot passes only over accepted materials that passed the
  tests they need (materials.gates, through projects.registry; 409 otherwise);
- photos are checked (type from the bytes, size, pixels, decompression
  bombs), re-encoded, and their EXIF time compared with the record's date;
- a record is never edited: a correction is a new record with a reason that
  takes the old one's place in the tree;
- work is recorded as covered only over a passed concealed-works record at
  that location (or one containing it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history
from common.exceptions import Conflict
from common.locations import covering_q, location_key, normalize_location
from inspections import access, rules
from inspections.models import (
    CHILD_KIND,
    CoverRecord,
    DivisionCategory,
    Inspection,
    InspectionKind,
    KeyProcess,
    Result,
    Signature,
)
from inspections.services._util import checked_photos, collect, save_photos
from projects import access as project_access
from projects import registry
from projects.models import Person, Project, UnitProject
from projects.services._util import not_in_future, require_reason

K = InspectionKind
#: Kinds whose record must say where (a lot, a concealed part, a side-station process).
LOCATION_REQUIRED = (K.INSPECTION_LOT, K.CONCEALED_WORKS, K.SIDE_STATION)


def inspection_snapshot(inspection: Inspection) -> dict:
    return history.snapshot(
        inspection,
        inspector_name=inspection.inspector.name,
        signatures=[
            {"person": s.person_id, "name": s.person.name, "role": s.role} for s in inspection.signatures.all()
        ],
        photos=[history.file_ref(p.file) for p in inspection.photos.all()],
    )


def _require_active(project: Project) -> None:
    if project.status == Project.Status.REGISTERED:
        raise Conflict(_("The project has not started; there is nothing to inspect yet."), code="project_not_started")
    if project.status == Project.Status.COMPLETED:
        raise Conflict(_("The project is completed; its inspection records are closed."), code="project_completed")


def _check_day(project: Project, day: dt.date, errors: dict, field: str = "performed_on") -> None:
    if day is None:
        errors.setdefault(field, []).append(_("Give the date."))
        return
    collect(errors, not_in_future, day, field=field)
    if project.started_on and day < project.started_on:
        errors.setdefault(field, []).append(
            _("This is before construction started (%(day)s).") % {"day": project.started_on.isoformat()}
        )


def _check_fields(project: Project, data: dict[str, Any], errors: dict) -> None:
    kind = data["kind"]
    if kind not in K.values:
        errors.setdefault("kind", []).append(_("Unknown kind of inspection."))
        return
    unit = data.get("unit_project")
    if unit is None or unit.project_id != project.pk:
        errors.setdefault("unit_project", []).append(_("Choose a unit project of this project."))
    if not (data.get("name") or "").strip():
        errors.setdefault("name", []).append(_("Say what was inspected, e.g. 5F 柱钢筋安装."))
    if data.get("result") not in Result.values:
        errors.setdefault("result", []).append(_("The result is pass or fail."))
    location = collect(
        errors,
        lambda v: _field("location", normalize_location, v, required=kind in LOCATION_REQUIRED),
        data.get("location"),
    )
    data["location"] = location or ""
    _check_day(project, data.get("performed_on"), errors)
    category = data.get("division_category") or ""
    if kind == K.DIVISION and category not in DivisionCategory.values:
        errors.setdefault("division_category", []).append(_("Name the division (分部), e.g. main structure."))
    data["division_category"] = category if kind == K.DIVISION else ""
    if kind == K.SIDE_STATION:
        if data.get("key_process") not in KeyProcess.values:
            errors.setdefault("key_process", []).append(_("Name the key process supervised on site."))
        for field in ("notice_given_at", "process_started_at"):
            if not data.get(field):
                errors.setdefault(field, []).append(_("A side-station record needs this time."))
        notice, start = data.get("notice_given_at"), data.get("process_started_at")
        if notice and start and notice > start:
            errors.setdefault("notice_given_at", []).append(_("The notice cannot come after the process started."))
        if start and start > timezone.now():
            errors.setdefault("process_started_at", []).append(_("This time is in the future."))
    else:
        data["key_process"], data["notice_given_at"], data["process_started_at"] = "", None, None
    values = data.get("measured_values") or {}
    if not isinstance(values, dict) or len(str(values)) > 5000:
        errors.setdefault("measured_values", []).append(
            _('Measured values are name → value pairs, e.g. {"保护层厚度(mm)": 25}.')
        )
    data["measured_values"] = values if isinstance(values, dict) else {}


def _field(name: str, fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from None


def _check_inspector(actor, project: Project, kind: str, day: dt.date, inspector: Person | None) -> rules.SignerCheck:
    own = inspector is None or (actor.person_id and inspector.pk == actor.person_id)
    person = inspector or actor.person
    if person is None:
        raise ValidationError(
            {"inspector": _("Your account is not linked to a registered person; name the inspector.")}
        )
    signer, problem = rules.check_inspector(project, person, kind, day)
    if signer is None:
        if own:
            raise PermissionDenied(problem)
        raise ValidationError({"inspector": [problem]})
    return signer


def _check_cosigners(
    project: Project, kind: str, category: str, day: dt.date, cosigners: Iterable[dict], inspector: rules.SignerCheck
) -> list[rules.SignerCheck]:
    checked, problems, seen = [], [], {(inspector.person.pk, inspector.role)}
    for entry in cosigners:
        person, role = entry.get("person"), entry.get("role")
        if not isinstance(person, Person) or role not in rules.COSIGNER_ROLES:
            problems.append(_("Each co-signer needs a person and a capacity they sign in."))
            continue
        if (person.pk, role) in seen:
            problems.append(_("%(name)s is named twice in the same capacity.") % {"name": person.name})
            continue
        seen.add((person.pk, role))
        signer, problem = rules.check_signer(project, person, role, day)
        if signer is None:
            problems.append(problem)
        else:
            checked.append(signer)
    present = {s.role for s in checked}
    problems += [
        _("This record must also be signed by the %(role)s.") % {"role": rules.S(role).label}
        for role in rules.required_cosigners(kind, category)
        if role not in present
    ]
    if problems:
        raise ValidationError({"cosigners": problems})
    return checked


def _check_children(
    project: Project,
    unit: UnitProject,
    kind: str,
    result: str,
    children: Iterable[int],
    *,
    replacing: Inspection | None,
) -> list[Inspection]:
    ids = list(dict.fromkeys(int(c) for c in children or []))
    child_kind = CHILD_KIND.get(kind)
    if child_kind is None:
        if ids:
            raise ValidationError(
                {"children": [_("Only sub-item, division and unit acceptances cover other records.")]}
            )
        return []
    if not ids:
        raise ValidationError(
            {"children": [_("Name the %(kind)s records this acceptance covers.") % {"kind": K(child_kind).label}]}
        )
    # Lock the children: two acceptances cannot claim the same record at once.
    rows = {c.pk: c for c in Inspection.objects.select_for_update().filter(pk__in=ids, project=project)}
    problems = []
    for pk in ids:
        child = rows.get(pk)
        if child is None:
            problems.append(_("Record %(id)s is not a record of this project.") % {"id": pk})
        elif child.kind != child_kind:
            problems.append(
                _("Record %(id)s is a %(kind)s, not a %(needed)s.")
                % {"id": pk, "kind": child.get_kind_display(), "needed": K(child_kind).label}
            )
        elif child.unit_project_id != unit.pk:
            problems.append(_("Record %(id)s belongs to another unit project.") % {"id": pk})
        elif not child.is_counting:
            problems.append(_("Record %(id)s was corrected; name its correction instead.") % {"id": pk})
        elif child.parent_id is not None and (replacing is None or child.parent_id != replacing.pk):
            problems.append(
                _("Record %(id)s is already covered by record %(parent)s.") % {"id": pk, "parent": child.parent_id}
            )
    if problems:
        raise ValidationError({"children": problems})
    if result == Result.PASS:
        failed = [rows[pk] for pk in ids if rows[pk].result != Result.PASS]
        if failed:
            raise Conflict(
                _("A higher level passes only when everything under it passed."),
                code="lower_level_failed",
                problems=[
                    _("%(name)s (record %(id)s, %(day)s) failed.")
                    % {"name": c.name, "id": c.pk, "day": c.performed_on.isoformat()}
                    for c in failed
                ],
            )
    return [rows[pk] for pk in ids]


def _check_lot_materials(project: Project, unit: UnitProject, location: str, day: dt.date) -> None:
    # Materials answers through projects.registry: inspections does not import it.
    problems = registry.lot_problems(project, unit, location, day)
    if problems:
        raise Conflict(
            _("An inspection lot passes only when the materials used there were accepted and passed their tests."),
            code="lot_materials_not_ready",
            problems=problems,
        )


def _create(
    *,
    actor,
    project: Project,
    data: dict[str, Any],
    inspector: Person | None,
    cosigners: Iterable[dict],
    children: Iterable[int],
    photos: Iterable[Any],
    corrects: Inspection | None = None,
    correction_reason: str = "",
    extra_signers: list[rules.SignerCheck] | None = None,
) -> Inspection:
    errors: dict[str, list[str]] = {}
    _check_fields(project, data, errors)
    photo_uploads = collect(errors, checked_photos, photos) or []
    if errors:
        raise ValidationError(errors)
    kind, day = data["kind"], data["performed_on"]
    if kind == K.SPOT_CHECK:
        signer = extra_signers[0]
        cosigned = extra_signers[1:]
    else:
        signer = _check_inspector(actor, project, kind, day, inspector)
        cosigned = _check_cosigners(project, kind, data["division_category"], day, cosigners, signer)
    claimed = _check_children(project, data["unit_project"], kind, data["result"], children, replacing=corrects)
    if kind == K.INSPECTION_LOT and data["result"] == Result.PASS:
        _check_lot_materials(project, data["unit_project"], data["location"], day)
    inspection = Inspection(
        project=project,
        unit_project=data["unit_project"],
        kind=kind,
        name=data["name"].strip(),
        division_category=data["division_category"],
        location=data["location"],
        location_key=location_key(data["location"]),
        performed_on=day,
        inspector=signer.person,
        result=data["result"],
        findings=(data.get("findings") or "").strip(),
        measured_values=data["measured_values"],
        key_process=data["key_process"],
        notice_given_at=data["notice_given_at"],
        process_started_at=data["process_started_at"],
        parent=corrects.parent if corrects is not None else None,
        corrects=corrects,
        correction_reason=correction_reason,
        recorded_by=actor if actor.is_authenticated else None,
    )
    inspection.full_clean(exclude=["corrects"])
    inspection.save(force_insert=True)
    Signature.objects.bulk_create(
        [
            Signature(
                inspection=inspection,
                person=s.person,
                role=s.role,
                organization_id=s.organization_id,
                registration_number=s.registration_number,
                signed_on=day,
            )
            for s in [signer, *cosigned]
        ]
    )
    save_photos(photo_uploads, actor=actor, day=day, owner=inspection, inspection=inspection)
    for child in claimed:
        if child.parent_id != inspection.pk:
            before = history.snapshot(child, fields=["parent"])
            child.parent = inspection
            child.save(update_fields=["parent"])
            history.record(
                actor=actor,
                action="inspection_covered",
                obj=child,
                before=before,
                after=history.snapshot(child, fields=["parent"]),
            )
    return inspection


@transaction.atomic
def inspection_record(
    *,
    actor,
    project: Project,
    unit_project: UnitProject,
    kind: str,
    name: str,
    performed_on: dt.date,
    result: str,
    findings: str = "",
    location: str = "",
    division_category: str = "",
    measured_values: dict | None = None,
    inspector: Person | None = None,
    cosigners: Iterable[dict] = (),
    children: Iterable[int] = (),
    photos: Iterable[Any] = (),
    key_process: str = "",
    notice_given_at: dt.datetime | None = None,
    process_started_at: dt.datetime | None = None,
) -> Inspection:
    """Record an inspection or acceptance with its signatures and photos; nothing is kept if any check fails."""
    access.require_supervisor(actor, project)
    if kind == K.SPOT_CHECK:
        raise ValidationError({"kind": [_("Spot checks are recorded by regulators through the spot-check results.")]})
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_active(project)
    data = {
        "kind": kind,
        "unit_project": unit_project,
        "name": name,
        "performed_on": performed_on,
        "result": result,
        "findings": findings,
        "location": location,
        "division_category": division_category,
        "measured_values": measured_values,
        "key_process": key_process,
        "notice_given_at": notice_given_at,
        "process_started_at": process_started_at,
    }
    inspection = _create(
        actor=actor,
        project=project,
        data=data,
        inspector=inspector,
        cosigners=cosigners,
        children=children,
        photos=photos,
    )
    history.record(actor=actor, action="inspection_record", obj=inspection, after=inspection_snapshot(inspection))
    return inspection


@transaction.atomic
def inspection_correct(
    *, actor, original: Inspection, reason: str, children: Iterable[int] | None = None, **fields: Any
) -> Inspection:
    """Replace a wrong record by a new one with a reason; both stay, only the new one counts.

    The correction keeps the original's kind and place in the tree. A
    higher-level correction covers the same records unless `children` says
    otherwise (records it no longer names are released). A failing
    correction under a passed higher level is refused: correct that first.
    """
    project = original.project
    access.require_supervisor(actor, project)
    reason = require_reason(reason)
    Project.objects.select_for_update().filter(pk=project.pk).first()
    original = Inspection.objects.select_for_update(of=("self",)).select_related("parent").get(pk=original.pk)
    if not original.is_counting:
        raise Conflict(
            _("This record was already corrected; correct its correction instead."), code="already_corrected"
        )
    if project.status == Project.Status.REGISTERED:
        raise Conflict(_("The project has not started."), code="project_not_started")
    data = {
        "kind": original.kind,
        "unit_project": fields.get("unit_project", original.unit_project),
        "name": fields.get("name", original.name),
        "performed_on": fields.get("performed_on", original.performed_on),
        "result": fields.get("result", original.result),
        "findings": fields.get("findings", original.findings),
        "location": fields.get("location", original.location),
        "division_category": fields.get("division_category", original.division_category),
        "measured_values": fields.get("measured_values", original.measured_values),
        "key_process": fields.get("key_process", original.key_process),
        "notice_given_at": fields.get("notice_given_at", original.notice_given_at),
        "process_started_at": fields.get("process_started_at", original.process_started_at),
    }
    parent = original.parent
    if parent is not None and parent.is_counting and parent.result == Result.PASS and data["result"] == Result.FAIL:
        raise Conflict(
            _("%(name)s (record %(id)s) passed on this record; correct that acceptance first.")
            % {"name": parent.name, "id": parent.pk},
            code="parent_passed",
        )
    if children is None:
        children = list(original.children.counting().values_list("pk", flat=True))
    before = inspection_snapshot(original)
    original.corrected_at = timezone.now()
    original.save(update_fields=["corrected_at"])
    correction = _create(
        actor=actor,
        project=project,
        data=data,
        inspector=fields.get("inspector"),
        cosigners=fields.get("cosigners", ()),
        children=children,
        photos=fields.get("photos", ()),
        corrects=original,
        correction_reason=reason,
    )
    kept = set(correction.children.values_list("pk", flat=True))
    for child in original.children.exclude(pk__in=kept):
        child_before = history.snapshot(child, fields=["parent"])
        child.parent = None
        child.save(update_fields=["parent"])
        history.record(
            actor=actor,
            action="inspection_released",
            obj=child,
            before=child_before,
            after=history.snapshot(child, fields=["parent"]),
            reason=reason,
        )
    history.record(
        actor=actor,
        action="inspection_corrected",
        obj=original,
        before=before,
        after=inspection_snapshot(original),
        reason=reason,
    )
    history.record(
        actor=actor, action="inspection_record", obj=correction, after=inspection_snapshot(correction), reason=reason
    )
    return correction


@transaction.atomic
def cover_record(
    *, actor, project: Project, unit_project: UnitProject, location: str, covered_on: dt.date, note: str = ""
) -> CoverRecord:
    """Record that the work at a location was covered: 409 unless its concealed works passed first."""
    if not (project_access.can_on_project(actor, project, "change") or access.can_supervise(actor, project)):
        raise PermissionDenied(_("Only the project's contractor, owner or supervision firm records covered work."))
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require_active(project)
    errors: dict[str, list[str]] = {}
    if unit_project is None or unit_project.project_id != project.pk:
        errors["unit_project"] = [_("Choose a unit project of this project.")]
    path = collect(errors, lambda v: _field("location", normalize_location, v), location)
    _check_day(project, covered_on, errors, field="covered_on")
    if errors:
        raise ValidationError(errors)
    accepted = (
        Inspection.objects.counting()
        .filter(unit_project=unit_project, kind=K.CONCEALED_WORKS, performed_on__lte=covered_on)
        .filter(covering_q(path))
        .order_by("-performed_on", "-id")
        .first()
    )
    if accepted is None:
        raise Conflict(
            _("No concealed-works acceptance exists for %(location)s; it must pass before the work is covered.")
            % {"location": path},
            code="concealed_works_missing",
        )
    if accepted.result != Result.PASS:
        raise Conflict(
            _("The latest concealed-works record for %(location)s (%(day)s) failed; the work may not be covered.")
            % {"location": accepted.location or path, "day": accepted.performed_on.isoformat()},
            code="concealed_works_failed",
        )
    cover = CoverRecord(
        project=project,
        unit_project=unit_project,
        location=path,
        location_key=location_key(path),
        covered_on=covered_on,
        concealed_works=accepted,
        note=(note or "").strip(),
        recorded_by=actor if actor.is_authenticated else None,
    )
    cover.full_clean()
    cover.save(force_insert=True)
    history.record(actor=actor, action="cover_record", obj=cover, after=history.snapshot(cover))
    return cover
