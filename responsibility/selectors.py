"""Reads for leads, plaques and archives: one query set each, everything joined or prefetched."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from projects.models import PartyRole, Project
from projects.registry import LeadInfo
from responsibility.models import Lead, Plaque, ResponsibilityArchive

LEAD_RELATED = (
    "person",
    "organization",
    "registration",
    "authorization_letter",
    "commitment_letter",
    "corrects",
    "appointed_by",
)


def lead_history(project: Project | int) -> QuerySet[Lead]:
    """Every lead entry of a project, corrected ones included, oldest first (the API's order)."""
    pk = project.pk if isinstance(project, Project) else project
    return Lead.objects.filter(project_id=pk).select_related(*LEAD_RELATED, "corrected_by").order_by("started_on", "id")


def leads_on(project: Project | int, day: dt.date) -> dict[str, Lead]:
    """role -> the lead whose tenure covers `day` (one query; corrected entries never count)."""
    pk = project.pk if isinstance(project, Project) else project
    leads = Lead.objects.on(day).filter(project_id=pk).select_related("person", "organization", "registration")
    return {lead.role: lead for lead in leads}


def current_leads(project: Project | int) -> dict[str, Lead]:
    pk = project.pk if isinstance(project, Project) else project
    leads = Lead.objects.current().filter(project_id=pk).select_related(*LEAD_RELATED)
    return {lead.role: lead for lead in leads}


def lead_info(lead: Lead) -> LeadInfo:
    return LeadInfo(
        role=lead.role,
        person_id=lead.person_id,
        person_name=lead.person.name,
        organization_id=lead.organization_id,
        registration_number=lead.registration_number,
        started_on=lead.started_on,
        ended_on=lead.ended_on,
    )


def resolve_lead(project: Project | int, role: str, day: dt.date) -> LeadInfo | None:
    """projects.registry.lead_on: who led `role` on `project` on `day` (one indexed query).

    Corrected entries never answer; a day in a gap between tenures (possible
    only after a correction) or before the first lead answers None.
    """
    if role not in PartyRole.values:
        raise ValueError(f"unknown role {role!r}")
    pk = project.pk if isinstance(project, Project) else project
    lead = Lead.objects.on(day).filter(project_id=pk, role=role).select_related("person").first()
    return lead_info(lead) if lead is not None else None


def plaque_for(project: Project | int) -> Plaque | None:
    pk = project.pk if isinstance(project, Project) else project
    return (
        Plaque.objects.filter(project_id=pk)
        .select_related("pdf", "issued_by")
        .prefetch_related("entries", "installations__photo")
        .first()
    )


def public_plaque(code: str) -> Plaque | None:
    return (
        Plaque.objects.filter(code=code)
        .select_related("project__region")
        .prefetch_related("entries", "installations__photo")
        .first()
    )


def archive_versions(project: Project | int) -> QuerySet[ResponsibilityArchive]:
    pk = project.pk if isinstance(project, Project) else project
    return (
        ResponsibilityArchive.objects.filter(project_id=pk)
        .select_related("pdf", "handed_over_to", "generated_by")
        .order_by("-version")
    )
