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

# The trace reads plain rows (values_list) rather than model instances: a trace of a whole unit
# or project holds hundreds of records and usages, and building models with their related
# objects cost several times the SQL (docs/benchmarks/accountability.md).


def _labels(choices) -> dict:
    """Value -> label in the active language, as get_FOO_display() gives it."""
    return {value: str(label) for value, label in choices}


def _work_records(defect: Defect) -> list[dict]:
    """The acceptance, concealed-works and side-station records at the location, with their signers (2 queries)."""
    from inspections.models import Inspection, InspectionKind, Result, Signature, SignerRole
    from inspections.selectors import inspections_at

    if defect.unit_project_id:
        qs = inspections_at(defect.project_id, defect.unit_project_id, defect.location).prefetch_related(None)
    else:
        qs = Inspection.objects.counting().filter(project_id=defect.project_id)
    rows = list(
        qs.filter(kind__in=WORK_KINDS)
        .order_by("performed_on", "id")
        .values_list("id", "kind", "name", "location", "performed_on", "result", "inspector__name")
    )
    signatures: dict[int, list[dict]] = {row[0]: [] for row in rows}
    if rows:
        roles = _labels(SignerRole.choices)
        for inspection_id, person, role in (
            Signature.objects.filter(inspection_id__in=list(signatures))
            .order_by("inspection_id", "id")
            .values_list("inspection_id", "person__name", "role")
        ):
            signatures[inspection_id].append({"person": person, "role": role, "role_label": roles.get(role, role)})
    kinds, results = _labels(InspectionKind.choices), _labels(Result.choices)
    return [
        {
            "id": pk,
            "kind": kind,
            "kind_label": kinds.get(kind, kind),
            "name": name,
            "location": location,
            "performed_on": performed_on,
            "result": result,
            "result_label": results.get(result, result),
            "inspector": inspector,
            "signatures": signatures[pk],
        }
        for pk, kind, name, location, performed_on, result, inspector in rows
    ]


def _materials(defect: Defect) -> list[dict]:
    """The usages at the location with their batches, samples and reports (2 queries).

    The same usages, order and limit as materials.selectors.backward_trace, read as rows.
    """
    from materials.models import BatchStatus, Sample, TestReport
    from materials.selectors import BACKWARD_TRACE_ORDER, TRACE_LIMIT, usages_at

    usages = list(
        usages_at(defect.project_id, defect.unit_project_id, defect.location)
        .order_by(*BACKWARD_TRACE_ORDER)
        .values_list(
            "batch_id",
            "batch__material_type__name",
            "batch__spec",
            "batch__manufacturer__name",
            "batch__manufacturer__uscc",
            "batch__batch_number",
            "batch__status",
            "batch__certificate_number",
            "batch__certificate__sha256",
            "location",
            "quantity",
            "batch__unit",
            "used_on",
        )[:TRACE_LIMIT]
    )
    samples: dict[int, list[dict]] = {row[0]: [] for row in usages}
    if usages:
        conclusions = _labels(TestReport.Conclusion.choices)
        sample, last_id = None, None
        # One row per report (a sample without reports gives one row of NULLs): samples by date, each
        # sample's reports newest first, as the batch page shows them.
        for sample_id, batch_id, number, sampled_on, witness, report, lab, tested_on, conclusion in (
            Sample.objects.filter(batch_id__in=list(samples))
            .order_by("sampled_on", "id", "-reports__tested_on", "-reports__id")
            .values_list(
                "id",
                "batch_id",
                "sample_number",
                "sampled_on",
                "witness__name",
                "reports__report_number",
                "reports__lab__name",
                "reports__tested_on",
                "reports__conclusion",
            )
        ):
            if sample_id != last_id:
                sample = {"sample_number": number, "sampled_on": sampled_on, "witnessed_by": witness, "reports": []}
                samples[batch_id].append(sample)
                last_id = sample_id
            if report is not None:
                sample["reports"].append(
                    {
                        "report_number": report,
                        "lab": lab,
                        "tested_on": tested_on,
                        "conclusion": conclusion,
                        "conclusion_label": conclusions.get(conclusion, conclusion),
                    }
                )
    statuses = _labels(BatchStatus.choices)
    return [
        {
            "batch_id": batch_id,
            "material_type": material_type,
            "spec": spec,
            "manufacturer": manufacturer,
            "manufacturer_uscc": uscc,
            "batch_number": batch_number,
            "status": status,
            "status_label": statuses.get(status, status),
            "certificate_number": certificate_number,
            "certificate_sha256": certificate_sha256,
            "location": location,
            "quantity": quantity,
            "unit": unit,
            "used_on": used_on,
            "samples": samples[batch_id],
        }
        for (
            batch_id,
            material_type,
            spec,
            manufacturer,
            uscc,
            batch_number,
            status,
            certificate_number,
            certificate_sha256,
            location,
            quantity,
            unit,
            used_on,
        ) in usages
    ]


def accountability(defect: Defect) -> Trace:
    project = defect.project
    warranty = warranty_for(defect.work_category, project.completed_on, project.design_service_life_years)
    until = lifetime_until(project.completed_on, project.design_service_life_years)
    within = (project.completed_on <= defect.discovered_on <= until) if until else None

    roles = RESPONSIBLE_ROLES[defect.work_category]
    parties = list(
        Participant.objects.filter(project=project, role__in=roles)
        .order_by("joined_on", "id")
        .values_list("role", "joined_on", "left_on", "organization__name", "organization__uscc", named=True)
    )
    leads = list(
        Lead.objects.counting()
        .filter(project=project, role__in=roles)
        .order_by("started_on", "id")
        .values_list(
            "id",
            "role",
            "person_id",
            "person__name",
            "organization__name",
            "registration_number",
            "started_on",
            "ended_on",
            "end_reason",
            named=True,
        )
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
            # Lead.covers(): the tenure holds the day, both ends inclusive (corrected entries are not read).
            days = [d for d in work_dates if lead.started_on <= d and (lead.ended_on is None or d <= lead.ended_on)]
            role_leads.append(
                TraceLead(
                    id=lead.id,
                    person=lead.person__name,
                    person_id=lead.person_id,
                    organization=lead.organization__name,
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
                organization=answering.organization__name if answering else None,
                organization_uscc=answering.organization__uscc if answering else None,
                organizations=[
                    {
                        "name": p.organization__name,
                        "uscc": p.organization__uscc,
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
