"""Appointing, changing and correcting project leads (项目负责人).

The rules (建质〔2014〕124号 Arts. 2 and 8; docs/responsibility.md):
- each lead belongs to the organisation that is the current party for the
  role, and is that organisation's employee;
- the contractor's lead (项目经理) holds a registered-constructor
  registration and the supervisor's lead (总监理工程师) a supervising-engineer
  registration, valid on the first day of the tenure;
- a lead is appointed with the legal representative's letter of
  authorisation; the signed lifetime commitment may come with it or later,
  but the project neither starts nor completes without it (responsibility.gates);
- a change of lead is one step with a reason: the predecessor's tenure ends
  the day before the successor's starts, and the successor files new letters;
- nothing is edited or deleted: a wrong entry is corrected by a new entry
  with a reason; the wrong one stays visible and stops counting.

Writers are serialised on the project row (select_for_update), so two
appointments for one role cannot both pass the checks; the database's
constraints are the last line (unique current lead; on PostgreSQL, no
overlapping tenures) and a violation becomes a 409.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history
from common.exceptions import Conflict
from common.uploads import CheckedUpload, attach, store_upload
from projects import access
from projects.models import Participant, PartyRole, Person, Project, Registration
from projects.services._util import full_clean, not_in_future, require_reason
from responsibility.models import REQUIRED_REGISTRATION, ROLE_REGISTRATION_KINDS, Lead
from responsibility.services._util import checked_file, collect

_UNSET: Any = object()


def _day(value: dt.date) -> str:
    return value.isoformat()


def _role_label(role: str) -> str:
    return str(PartyRole(role).label)


def lead_snapshot(lead: Lead) -> dict:
    return history.snapshot(
        lead,
        person_name=lead.person.name,
        organization_name=lead.organization.name,
        authorization_letter=history.file_ref(lead.authorization_letter),
        commitment_letter=history.file_ref(lead.commitment_letter),
    )


def pick_registration(
    person: Person, role: str, day: dt.date, registration: Registration | None = None
) -> Registration | None:
    """The registration a lead is appointed under, checked for the role and the day.

    Given explicitly, it must be the person's, fit the role and be valid on
    `day`. Otherwise the best valid one that fits the role is taken; roles
    with a mandatory registration (contractor, supervisor) fail without one.
    """
    kinds = ROLE_REGISTRATION_KINDS[role]
    required = REQUIRED_REGISTRATION.get(role)
    labels = dict(Registration.Kind.choices)
    if registration is not None:
        if registration.person_id != person.pk:
            raise ValidationError({"registration": _("This registration belongs to someone else.")})
        if required and registration.kind not in required:
            raise ValidationError(
                {
                    "registration": _("The %(role)s lead needs a %(kinds)s registration, not %(kind)s.")
                    % {
                        "role": _role_label(role),
                        "kinds": _(" or ").join(str(labels[k]) for k in required),
                        "kind": labels[registration.kind],
                    }
                }
            )
        if not registration.valid_on(day):
            raise ValidationError(
                {
                    "registration": _("Registration %(number)s is not valid on %(day)s.")
                    % {"number": registration.number, "day": _day(day)}
                }
            )
        return registration
    candidates = [r for r in person.registrations.all() if r.kind in kinds and r.valid_on(day)]
    candidates.sort(key=lambda r: (kinds.index(r.kind), -r.valid_from.toordinal()))
    if candidates:
        return candidates[0]
    if required:
        raise ValidationError(
            {
                "person": _(
                    "%(name)s holds no %(kinds)s registration valid on %(day)s; the %(role)s lead must hold one."
                )
                % {
                    "name": person.name,
                    "kinds": _(" or ").join(str(labels[k]) for k in required),
                    "day": _day(day),
                    "role": _role_label(role),
                }
            }
        )
    return None


def _check_employer(person: Person, party: Participant) -> None:
    if person.employer_id != party.organization_id:
        raise ValidationError(
            {
                "person": _("%(name)s is not employed by %(org)s, the project's %(role)s party.")
                % {"name": person.name, "org": party.organization.name, "role": _role_label(party.role)}
            }
        )


def _check_commitment(commitment: CheckedUpload | None, committed_on: dt.date | None, errors: dict) -> None:
    if commitment is not None and committed_on is None:
        errors.setdefault("committed_on", []).append(_("Give the date the commitment was signed."))
    if commitment is None and committed_on is not None:
        errors.setdefault("commitment_letter", []).append(_("Upload the signed commitment this date belongs to."))
    if committed_on is not None:
        collect(errors, not_in_future, committed_on, field="committed_on")


def _overlapping(project: Project, role: str, start: dt.date, end: dt.date | None, *, exclude: Lead | None = None):
    qs = Lead.objects.counting().filter(project=project, role=role)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    if end is not None:
        qs = qs.filter(started_on__lte=end)
    return qs.select_related("person").order_by("started_on").first()


def _overlap_error(other: Lead, field: str = "started_on") -> ValidationError:
    return ValidationError(
        {
            field: _("These dates overlap the tenure of %(name)s (%(start)s – %(end)s).")
            % {
                "name": other.person.name,
                "start": _day(other.started_on),
                "end": _day(other.ended_on) if other.ended_on else _("now"),
            }
        }
    )


def _lock_project(project: Project) -> Project:
    # Every write to a project's leads takes this lock first: writers for one
    # project run one after another, on SQLite and PostgreSQL alike.
    return Project.objects.select_for_update().get(pk=project.pk)


def _current_party(project: Project, role: str) -> Participant:
    party = (
        Participant.objects.select_related("organization")
        .filter(project=project, role=role, left_on__isnull=True)
        .first()
    )
    if party is None:
        raise Conflict(
            _("The project has no current %(role)s party; add the party before its lead.")
            % {"role": _role_label(role)},
            code="no_party",
        )
    return party


def _store_letters(actor, auth: CheckedUpload | None, commitment: CheckedUpload | None):
    auth_file = store_upload(auth, actor=actor) if auth is not None else None
    commitment_file = store_upload(commitment, actor=actor) if commitment is not None else None
    return auth_file, commitment_file


def _insert(lead: Lead) -> Lead:
    full_clean(lead)
    try:
        with transaction.atomic():
            lead.save(force_insert=True)
    except IntegrityError:
        # Only reachable when a concurrent writer slipped past the project lock
        # (or the constraint caught what the checks above could not).
        raise Conflict(
            _("Another lead for this role was recorded at the same time; reload and try again."),
            code="lead_conflict",
        ) from None
    for f in (lead.authorization_letter, lead.commitment_letter):
        if f is not None and f.owner_id is None:
            attach(f, lead)
    return lead


@transaction.atomic
def lead_appoint(
    *,
    actor,
    project: Project,
    role: str,
    person: Person,
    started_on: dt.date,
    authorization_letter,
    commitment_letter=None,
    committed_on: dt.date | None = None,
    registration: Registration | None = None,
    reason: str = "",
) -> Lead:
    """Appoint the lead of a role; where the role has a current lead, `reason` makes it a change.

    Without a reason while a lead is in office the answer is a Conflict
    (`lead_exists`): a change must say why (124号 Art. 8).
    """
    access.require_project(actor, project, "change")
    if role not in PartyRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    errors: dict[str, list[str]] = {}
    auth = collect(errors, checked_file, authorization_letter, "authorization_letter")
    if auth is None and "authorization_letter" not in errors:
        errors["authorization_letter"] = [_("Upload the legal representative's letter of authorisation.")]
    commitment = collect(errors, checked_file, commitment_letter, "commitment_letter")
    _check_commitment(commitment, committed_on, errors)
    if not isinstance(started_on, dt.date):
        errors["started_on"] = [_("Enter the first day of the tenure.")]
    else:
        collect(errors, not_in_future, started_on, field="started_on")
    if errors:
        raise ValidationError(errors)

    project = _lock_project(project)
    if project.status == Project.Status.COMPLETED:
        raise Conflict(
            _("The project is completed; its leads are fixed. A mistaken entry can still be corrected."),
            code="project_completed",
        )
    party = _current_party(project, role)
    current = Lead.objects.current().select_related("person").filter(project=project, role=role).first()
    if current is not None:
        if not (reason or "").strip():
            raise Conflict(
                _("%(name)s is the current %(role)s lead; to change the lead, give a reason.")
                % {"name": current.person.name, "role": _role_label(role)},
                code="lead_exists",
            )
        return _change(
            actor=actor,
            project=project,
            party=party,
            current=current,
            person=person,
            started_on=started_on,
            auth=auth,
            commitment=commitment,
            committed_on=committed_on,
            registration=registration,
            reason=require_reason(reason),
        )

    _check_employer(person, party)
    if started_on < party.joined_on:
        raise ValidationError(
            {
                "started_on": _("%(org)s became the %(role)s party on %(day)s; the lead cannot start earlier.")
                % {"org": party.organization.name, "role": _role_label(role), "day": _day(party.joined_on)}
            }
        )
    reg = pick_registration(person, role, started_on, registration)
    other = _overlapping(project, role, started_on, None)
    if other is not None:
        raise _overlap_error(other)
    auth_file, commitment_file = _store_letters(actor, auth, commitment)
    lead = _insert(
        Lead(
            project=project,
            role=role,
            party=party,
            organization=party.organization,
            person=person,
            registration=reg,
            registration_number=reg.number if reg else "",
            started_on=started_on,
            authorization_letter=auth_file,
            commitment_letter=commitment_file,
            committed_on=committed_on if commitment_file else None,
            appointed_by=actor if actor.is_authenticated else None,
        )
    )
    history.record(actor=actor, action="lead_appoint", obj=lead, after=lead_snapshot(lead), reason=reason or "")
    return lead


def _change(
    *,
    actor,
    project: Project,
    party: Participant,
    current: Lead,
    person: Person,
    started_on: dt.date,
    auth: CheckedUpload,
    commitment: CheckedUpload | None,
    committed_on: dt.date | None,
    registration: Registration | None,
    reason: str,
) -> Lead:
    if person.pk == current.person_id and party.organization_id == current.organization_id:
        raise ValidationError({"person": _("%(name)s is already the current lead.") % {"name": person.name}})
    _check_employer(person, party)
    if started_on <= current.started_on:
        raise ValidationError(
            {
                "started_on": _("The successor must start after %(name)s started (%(day)s).")
                % {"name": current.person.name, "day": _day(current.started_on)}
            }
        )
    if started_on < party.joined_on:
        raise ValidationError(
            {
                "started_on": _("%(org)s became the %(role)s party on %(day)s; the lead cannot start earlier.")
                % {"org": party.organization.name, "role": _role_label(party.role), "day": _day(party.joined_on)}
            }
        )
    reg = pick_registration(person, party.role, started_on, registration)
    before = lead_snapshot(current)
    # The predecessor answers for the work up to the day before the successor starts.
    current.ended_on = started_on - dt.timedelta(days=1)
    current.end_reason = reason
    full_clean(current)
    current.save(update_fields=["ended_on", "end_reason"])
    history.record(
        actor=actor, action="lead_end", obj=current, before=before, after=lead_snapshot(current), reason=reason
    )
    auth_file, commitment_file = _store_letters(actor, auth, commitment)
    lead = _insert(
        Lead(
            project=project,
            role=party.role,
            party=party,
            organization=party.organization,
            person=person,
            registration=reg,
            registration_number=reg.number if reg else "",
            started_on=started_on,
            authorization_letter=auth_file,
            commitment_letter=commitment_file,
            committed_on=committed_on if commitment_file else None,
            appointed_by=actor if actor.is_authenticated else None,
        )
    )
    history.record(actor=actor, action="lead_appoint", obj=lead, after=lead_snapshot(lead), reason=reason)
    return lead


def lead_change(*, actor, project: Project, role: str, reason: str, **kwargs) -> Lead:
    """Replace the current lead of a role (a reason is required; see lead_appoint)."""
    reason = require_reason(reason)
    if not Lead.objects.current().filter(project=project, role=role).exists():
        raise Conflict(
            _("There is no current %(role)s lead to change; appoint one.") % {"role": _role_label(role)},
            code="no_current_lead",
        )
    return lead_appoint(actor=actor, project=project, role=role, reason=reason, **kwargs)


@transaction.atomic
def lead_commitment_file(*, actor, lead: Lead, commitment_letter, committed_on: dt.date) -> Lead:
    """File the signed lifetime commitment of a lead appointed without it."""
    access.require_project(actor, lead.project, "change")
    errors: dict[str, list[str]] = {}
    commitment = collect(errors, checked_file, commitment_letter, "commitment_letter")
    if commitment is None and "commitment_letter" not in errors:
        errors["commitment_letter"] = [_("Upload the signed commitment.")]
    if not isinstance(committed_on, dt.date):
        errors.setdefault("committed_on", []).append(_("Give the date the commitment was signed."))
    else:
        collect(errors, not_in_future, committed_on, field="committed_on")
    if errors:
        raise ValidationError(errors)
    _lock_project(lead.project)
    lead = Lead.objects.select_for_update().select_related("person", "organization").get(pk=lead.pk)
    if not lead.is_counting:
        raise Conflict(
            _("This entry was corrected; file the commitment on the correcting entry."), code="lead_corrected"
        )
    if lead.has_commitment:
        raise Conflict(
            _("%(name)s's commitment is already on file; a wrong one is fixed by a correction.")
            % {"name": lead.person.name},
            code="commitment_exists",
        )
    before = lead_snapshot(lead)
    lead.commitment_letter = store_upload(commitment, actor=actor, owner=lead)
    lead.committed_on = committed_on
    full_clean(lead)
    lead.save(update_fields=["commitment_letter", "committed_on"])
    history.record(actor=actor, action="lead_commitment", obj=lead, before=before, after=lead_snapshot(lead))
    return lead


@transaction.atomic
def lead_correct(
    *,
    actor,
    lead: Lead,
    reason: str,
    person: Person | None = None,
    registration: Registration | None = None,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    authorization_letter=None,
    commitment_letter=None,
    committed_on: dt.date | None = None,
) -> Lead:
    """Correct a mistaken entry with a new one that takes its place.

    Whatever is not given is carried over from the wrong entry (its letters
    too). The wrong entry stays visible, marked corrected, and no longer
    counts for gates, the plaque or the trace.
    """
    access.require_project(actor, lead.project, "change")
    reason = require_reason(reason)
    errors: dict[str, list[str]] = {}
    auth = collect(errors, checked_file, authorization_letter, "authorization_letter")
    commitment = collect(errors, checked_file, commitment_letter, "commitment_letter")
    for field, value in (("started_on", started_on), ("ended_on", ended_on), ("committed_on", committed_on)):
        if value is not None:
            collect(errors, not_in_future, value, field=field)
    if commitment is not None and committed_on is None:
        errors.setdefault("committed_on", []).append(_("Give the date the commitment was signed."))
    if errors:
        raise ValidationError(errors)

    project = _lock_project(lead.project)
    wrong = Lead.objects.select_for_update().select_related("party__organization", "person").get(pk=lead.pk)
    if not wrong.is_counting:
        raise Conflict(_("This entry was already corrected; correct the newer entry instead."), code="lead_corrected")
    if ended_on is not None and wrong.ended_on is None:
        raise ValidationError({"ended_on": _("A current lead is ended by a change of lead, not by a correction.")})

    new_person = person or wrong.person
    new_start = started_on or wrong.started_on
    new_end = ended_on or wrong.ended_on
    if new_end is not None and new_end < new_start:
        raise ValidationError({"ended_on": _("The tenure cannot end before it starts.")})
    if new_start < wrong.party.joined_on:
        raise ValidationError(
            {
                "started_on": _("%(org)s became the %(role)s party on %(day)s; the lead cannot start earlier.")
                % {
                    "org": wrong.party.organization.name,
                    "role": _role_label(wrong.role),
                    "day": _day(wrong.party.joined_on),
                }
            }
        )
    _check_employer(new_person, wrong.party)
    if registration is None and new_person.pk == wrong.person_id and new_start == wrong.started_on:
        reg = wrong.registration
    else:
        reg = pick_registration(new_person, wrong.role, new_start, registration)
    other = _overlapping(project, wrong.role, new_start, new_end, exclude=wrong)
    if other is not None:
        raise _overlap_error(other)
    new_committed_on = committed_on or wrong.committed_on
    if commitment is None and wrong.commitment_letter_id is None:
        new_committed_on = None
        if committed_on is not None:
            raise ValidationError({"commitment_letter": _("Upload the signed commitment this date belongs to.")})
    unchanged = (
        new_person.pk == wrong.person_id
        and new_start == wrong.started_on
        and new_end == wrong.ended_on
        and (reg.pk if reg else None) == wrong.registration_id
        and auth is None
        and commitment is None
        and new_committed_on == wrong.committed_on
    )
    if unchanged:
        raise ValidationError({"__all__": [_("Nothing differs from the entry; there is nothing to correct.")]})

    before = lead_snapshot(wrong)
    wrong.corrected_at = timezone.now()
    wrong.save(update_fields=["corrected_at"])
    auth_file, commitment_file = _store_letters(actor, auth, commitment)
    fixed = _insert(
        Lead(
            project=project,
            role=wrong.role,
            party=wrong.party,
            organization=wrong.organization,
            person=new_person,
            registration=reg,
            registration_number=reg.number if reg else "",
            started_on=new_start,
            ended_on=new_end,
            end_reason=wrong.end_reason if new_end else "",
            authorization_letter=auth_file or wrong.authorization_letter,
            commitment_letter=commitment_file or wrong.commitment_letter,
            committed_on=new_committed_on,
            corrects=wrong,
            correction_reason=reason,
            appointed_by=actor if actor.is_authenticated else None,
        )
    )
    history.record(
        actor=actor, action="lead_correct", obj=fixed, before=before, after=lead_snapshot(fixed), reason=reason
    )
    return fixed


def lead_warnings(lead: Lead) -> list[str]:
    """Soft findings that do not block: a contractor lead (项目经理) on two active projects at once."""
    if lead.role != PartyRole.CONTRACTOR or not lead.is_current:
        return []
    if lead.project.status == Project.Status.COMPLETED:
        return []  # its leads stay current for the record, but the work is done
    others = (
        Lead.objects.current()
        .filter(person_id=lead.person_id, role=PartyRole.CONTRACTOR, project__status=Project.Status.UNDER_CONSTRUCTION)
        .exclude(project_id=lead.project_id)
        .select_related("project")
        .order_by("project__name")
    )
    names = [f"{o.project.name} ({o.project.code})" for o in others]
    if not names:
        return []
    return [
        _(
            "%(name)s is also the current contractor lead (项目经理) of %(projects)s; "
            "a registered constructor may not manage two active projects at once."
        )
        % {"name": lead.person.name, "projects": "、".join(names)}
    ]
