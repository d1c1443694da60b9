"""The accountability trace: who answers for the work at a defect's location.

For a defect the registry answers, in a constant number of queries:

1. the warranty of its work category and whether the defect falls inside it, and the
   lifetime window (completion + design service life);
2. the responsible parties for the category (responsibility.warranty.RESPONSIBLE_ROLES),
   each with every organisation that held the role and every lead who held it;
3. which leads were on duty when the work at that location was built, judged from the
   dates of the inspection lots, concealed-works and side-station records and the material
   usages recorded there (a lead is on duty when such a date falls inside the tenure, both
   ends inclusive; sub-item, division and unit acceptances are listed but do not date the
   work, because they accept it afterwards, for the whole area);
4. the inspections that accepted the work there and who signed them;
5. the batches used there, with certificates, samples and test reports.

Locations match when either path is a prefix of the other (common.locations). When no
inspection or usage was recorded at the location the trace says so and does not guess:
`on_duty_when_built` is null for every lead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from projects.models import Participant, PartyRole
from responsibility.models import Defect, Lead
from responsibility.warranty import RESPONSIBLE_ROLES, lifetime_until, warranty_for


@dataclass
class TraceLead:
    id: int
    person: str
    person_id: int
    organization: str
    registration_number: str
    started_on: dt.date
    ended_on: dt.date | None
    end_reason: str
    on_duty_when_built: bool | None
    on_duty_on: list[dt.date] = field(default_factory=list)


@dataclass
class TraceParty:
    role: str
    role_label: str
    organization: str | None
    organization_uscc: str | None
    organizations: list[dict]
    leads: list[TraceLead]


@dataclass
class Trace:
    defect: Defect
    warranty: dict
    lifetime_until: dt.date | None
    within_lifetime: bool | None
    built_from: dt.date | None
    built_until: dt.date | None
    has_work_records: bool
    note: str
    responsible: list[TraceParty]
    work_records: list[dict]
    materials: list[dict]
    work_dates: list[dt.date]


#: Records of building work at a place (patrols and regulators' spot checks are not).
WORK_KINDS = ("inspection_lot", "sub_item", "division", "unit_acceptance", "concealed_works", "side_station")
#: The records that date the building of the work itself. Sub-items, divisions and unit
#: acceptances gather lots after the fact (a unit acceptance covers every location of the
#: unit on the last day of construction), so they are listed but do not say when it was built.
DATING_KINDS = ("inspection_lot", "concealed_works", "side_station")


def _work_records(defect: Defect) -> list[dict]:
    """The acceptance, concealed-works and side-station records at the location, with their signers."""
    from inspections.models import Inspection, Signature
    from inspections.selectors import inspections_at

    if defect.unit_project_id:
        qs = inspections_at(defect.project, defect.unit_project, defect.location)
    else:
        qs = (
            Inspection.objects.counting()
            .filter(project=defect.project)
            .select_related("inspector")
            .prefetch_related(Prefetch("signatures", queryset=Signature.objects.select_related("person")))
        )
    return [
        {
            "id": inspection.pk,
            "kind": inspection.kind,
            "kind_label": inspection.get_kind_display(),
            "name": inspection.name,
            "location": inspection.location,
            "performed_on": inspection.performed_on,
            "result": inspection.result,
            "result_label": inspection.get_result_display(),
            "inspector": inspection.inspector.name if inspection.inspector_id else None,
            "signatures": [
                {"person": s.person.name, "role": s.role, "role_label": s.get_role_display()}
                for s in inspection.signatures.all()
            ],
        }
        for inspection in qs.filter(kind__in=WORK_KINDS).order_by("performed_on", "id")
    ]


def _materials(defect: Defect) -> list[dict]:
    from materials.selectors import backward_trace

    rows = []
    for usage in backward_trace(defect.project, defect.unit_project, defect.location):
        batch = usage.batch
        rows.append(
            {
                "batch_id": batch.pk,
                "material_type": batch.material_type.name,
                "spec": batch.spec,
                "manufacturer": batch.manufacturer.name,
                "manufacturer_uscc": batch.manufacturer.uscc,
                "batch_number": batch.batch_number,
                "status": batch.status,
                "status_label": batch.get_status_display(),
                "certificate_number": batch.certificate_number,
                "certificate_sha256": batch.certificate.sha256 if batch.certificate_id else None,
                "location": usage.location,
                "quantity": usage.quantity,
                "unit": batch.unit,
                "used_on": usage.used_on,
                "samples": [
                    {
                        "sample_number": s.sample_number,
                        "sampled_on": s.sampled_on,
                        "witnessed_by": s.witness.name if s.witness_id else None,
                        "reports": [
                            {
                                "report_number": r.report_number,
                                "lab": r.lab.name,
                                "tested_on": r.tested_on,
                                "conclusion": r.conclusion,
                                "conclusion_label": r.get_conclusion_display(),
                            }
                            for r in s.reports.all()
                        ],
                    }
                    for s in batch.samples.all()
                ],
            }
        )
    return rows


def accountability(defect: Defect) -> Trace:
    project = defect.project
    warranty = warranty_for(defect.work_category, project.completed_on, project.design_service_life_years)
    until = lifetime_until(project.completed_on, project.design_service_life_years)
    within = (project.completed_on <= defect.discovered_on <= until) if until else None

    roles = RESPONSIBLE_ROLES[defect.work_category]
    parties = list(
        Participant.objects.filter(project=project, role__in=roles)
        .select_related("organization")
        .order_by("joined_on", "id")
    )
    leads = list(
        Lead.objects.counting()
        .filter(project=project, role__in=roles)
        .select_related("person", "organization")
        .order_by("started_on", "id")
    )
    work_records = _work_records(defect)
    materials = _materials(defect)
    work_dates = sorted(
        {r["performed_on"] for r in work_records if r["kind"] in DATING_KINDS} | {m["used_on"] for m in materials}
    )

    responsible = []
    for role in [r for r in PartyRole.values if r in roles]:
        role_parties = [p for p in parties if p.role == role]
        # The organisation answering: the one holding the role when the work was built, else the last one.
        answering = next(
            (
                p
                for p in role_parties
                if work_dates and p.joined_on <= work_dates[-1] and (p.left_on is None or p.left_on >= work_dates[0])
            ),
            role_parties[-1] if role_parties else None,
        )
        role_leads = []
        for lead in (x for x in leads if x.role == role):
            days = [d for d in work_dates if lead.covers(d)]
            role_leads.append(
                TraceLead(
                    id=lead.pk,
                    person=lead.person.name,
                    person_id=lead.person_id,
                    organization=lead.organization.name,
                    registration_number=lead.registration_number,
                    started_on=lead.started_on,
                    ended_on=lead.ended_on,
                    end_reason=lead.end_reason,
                    on_duty_when_built=bool(days) if work_dates else None,
                    on_duty_on=days,
                )
            )
        responsible.append(
            TraceParty(
                role=role,
                role_label=str(PartyRole(role).label),
                organization=answering.organization.name if answering else None,
                organization_uscc=answering.organization.uscc if answering else None,
                organizations=[
                    {
                        "name": p.organization.name,
                        "uscc": p.organization.uscc,
                        "joined_on": p.joined_on,
                        "left_on": p.left_on,
                    }
                    for p in role_parties
                ],
                leads=role_leads,
            )
        )

    if not work_dates:
        note = _(
            "No inspection lot, concealed-works or side-station record and no material usage is recorded at this "
            "location, so the registry cannot tell which leads were on duty when the work was built; every lead "
            "who held each role is listed."
        )
    else:
        note = ""
    return Trace(
        defect=defect,
        warranty={
            "category": defect.work_category,
            "term": warranty.term,
            "starts_on": warranty.starts_on,
            "expires_on": warranty.expires_on,
            "in_warranty": warranty.covers(defect.discovered_on),
        },
        lifetime_until=until,
        within_lifetime=within,
        built_from=work_dates[0] if work_dates else None,
        built_until=work_dates[-1] if work_dates else None,
        has_work_records=bool(work_dates),
        note=note,
        responsible=responsible,
        work_records=work_records,
        materials=materials,
        work_dates=work_dates,
    )
