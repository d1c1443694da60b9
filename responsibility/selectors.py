"""Reads for leads, plaques and archives: one query set each, everything joined or prefetched."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from django.db.models import QuerySet, prefetch_related_objects

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


PLAQUE_PREFETCH = ("entries", "installations__photo")


def plaque_versions(project: Project | int) -> QuerySet[Plaque]:
    """Every version of a project's plaque, newest (the current one) first."""
    pk = project.pk if isinstance(project, Project) else project
    return (
        Plaque.objects.filter(project_id=pk)
        .select_related("pdf", "issued_by")
        .prefetch_related(*PLAQUE_PREFETCH)
        .order_by("-version")
    )


def plaque_for(project: Project | int) -> Plaque | None:
    """The plaque in force (the current version), or None before one is issued."""
    return plaque_versions(project).filter(replaced_at__isnull=True).first()


def public_plaque(code: str) -> Plaque | None:
    """The current version behind a public code, with `earlier`: the versions it replaced,
    newest first, each with `replaced_on` and `replaced_because` (from its successor).

    Every version of a project shares the code, so a QR code on any plaque ever
    installed opens this one. Three queries whatever the number of versions.
    """
    versions = list(Plaque.objects.filter(code=code).order_by("-version"))
    current = next((v for v in versions if v.is_current), None)
    if current is None:
        return None
    prefetch_related_objects([current], *PLAQUE_PREFETCH)
    current.earlier = with_successors(versions)[1:]
    return current


def with_successors(versions: list[Plaque]) -> list[Plaque]:
    """Versions newest first, each replaced one given `replaced_on` and `replaced_because`:
    the day its successor was issued and why (`replaced_at` is when that was recorded)."""
    for successor, version in pairwise(versions):
        version.replaced_on, version.replaced_because = successor.issued_on, successor.replacement_reason
    return versions


def archive_versions(project: Project | int) -> QuerySet[ResponsibilityArchive]:
    pk = project.pk if isinstance(project, Project) else project
    return (
        ResponsibilityArchive.objects.filter(project_id=pk)
        .select_related("pdf", "handed_over_to", "generated_by")
        .order_by("-version")
    )
