"""Reads: lists, traces and summaries, each a fixed number of queries at any data size.

Trace paths and the index each one uses:
- forward, batch -> usages: `usage_batch_idx` (batch, -used_on);
- across projects, manufacturer + batch number -> batches: `batch_trace_idx`
  (manufacturer, batch_number_key), then their usages by `usage_batch_idx`;
- backward, (unit project, location) -> usages: `usage_location_idx`
  (unit_project, location_key varchar_pattern_ops), a prefix range for the
  places inside the location and an IN list for the places containing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from common.locations import normalize_location, overlapping_q
from materials import access
from materials.models import Batch, MaterialType, NonConformance, Sample, TestReport, Usage
from materials.rules import batch_number_key
from projects.models import Project, UnitProject

TRACE_LIMIT = 5000  # usages returned by one trace request; the export pages through all
# How a backward trace lists the usages at a place; the defects trace reads the same rows.
BACKWARD_TRACE_ORDER = ("unit_project__name", "location_key", "-used_on", "id")


def batch_list(user, *, project=None, status="", material_type="", q="") -> QuerySet[Batch]:
    qs = access.batches_visible_to(user).select_related(
        "project", "material_type", "manufacturer", "supplier", "certificate", "factory_report"
    )
    if project:
        qs = qs.filter(project_id=project)
    if status:
        qs = qs.filter(status=status)
    if material_type:
        qs = qs.filter(material_type__code=material_type)
    if q:
        qs = qs.filter(Q(batch_number__icontains=q) | Q(spec__icontains=q) | Q(batch_number_key=batch_number_key(q)))
    return qs.order_by("-arrived_on", "-id")


def sample_list(user) -> QuerySet[Sample]:
    return (
        access.samples_visible_to(user)
        .select_related("batch", "batch__material_type", "project", "sampler", "witness", "lab")
        .prefetch_related(Prefetch("reports", queryset=TestReport.objects.order_by("-tested_on", "-id")))
        .order_by("-sampled_on", "-id")
    )


def report_list(user) -> QuerySet[TestReport]:
    return (
        access.reports_visible_to(user)
        .select_related("sample", "sample__batch", "lab", "file")
        .order_by("-tested_on", "-id")
    )


def usage_list(user) -> QuerySet[Usage]:
    return (
        access.usages_visible_to(user)
        .select_related("batch", "batch__material_type", "project", "unit_project")
        .order_by("-used_on", "-id")
    )


def batch_detail(user, pk) -> Batch:
    qs = Batch.objects.select_related(
        "project", "material_type", "manufacturer", "supplier", "certificate", "factory_report", "accepted_by"
    )
    batch = access.get_batch_for_user(user, pk, queryset=qs)
    samples = access.samples_visible_to(user).filter(batch=batch)
    batch.visible_samples = list(
        samples.select_related("sampler", "witness", "lab").prefetch_related(
            Prefetch("reports", queryset=TestReport.objects.select_related("file").order_by("-tested_on", "-id"))
        )
    )
    batch.visible_usages = list(
        access.usages_visible_to(user).filter(batch=batch).select_related("unit_project").order_by("-used_on", "-id")
    )
    batch.visible_ncs = list(
        access.nonconformances_visible_to(user)
        .filter(batch=batch)
        .select_related("report", "recall", "evidence", "closed_by")
        .order_by("-opened_at")
    )
    return batch


def forward_trace(user, batch: Batch) -> list[Usage]:
    """Every usage of one batch the user may see (2 queries: the usages with their project and unit)."""
    return list(
        access.usages_visible_to(user)
        .filter(batch=batch)
        .select_related("project", "unit_project")
        .order_by("-used_on", "-id")[:TRACE_LIMIT]
    )


BATCH_RELATED = ("project", "material_type", "manufacturer", "supplier", "certificate", "factory_report")


def batch_trace(user, pk) -> tuple[Batch, list[Usage]]:
    """A batch the user may see (else 404) and its forward trace: 3 queries whatever the size.

    The queries behind GET /batches/{id}/trace/: the batch with what its
    serializer shows (by primary key), whether its project is in the user's
    sight (`Project.objects.visible_to`, once), and its usages with their unit
    projects (the batch's usage index). The usages are on the batch's project
    (`project_id` is matched too), so a user who sees that project sees them
    all, and each usage's project is the batch's, not joined again. Checking
    the one project apart costs PostgreSQL a fraction of planning the batch's
    six joins around the visibility subquery (bench/materials). Labs see a
    batch through the samples sent to them but not its usages unless they see
    the project: they take the general path.
    """
    qs = Batch.objects.select_related(*BATCH_RELATED)
    if access.is_lab(user):
        batch = access.get_batch_for_user(user, pk, queryset=qs)
        return batch, forward_trace(user, batch)
    batch = access.get_visible(qs, pk)
    if not access.visible_projects(user).filter(pk=batch.project_id).exists():
        raise Http404
    usages = list(
        Usage.objects.filter(batch=batch).select_related("unit_project").order_by("-used_on", "-id")[:TRACE_LIMIT]
    )
    # A usage is on its batch's project (usage_record, the import); matched here rather than in
    # SQL, where the planner would intersect the project's whole usage index with the batch's.
    usages = [u for u in usages if u.project_id == batch.project_id]
    for usage in usages:
        usage.project = batch.project
    return batch, usages


def trace_by_manufacturer(user, *, manufacturer_uscc: str, batch_number: str) -> list[Batch]:
    """Every batch of that manufacturer and batch number the user may see, with its usages."""
    key = batch_number_key(batch_number)
    uscc = batch_number_key(manufacturer_uscc)
    if not key or not uscc:
        return []
    usages = Usage.objects.select_related("project", "unit_project").order_by("-used_on", "-id")
    qs = (
        Batch.objects.filter(project__in=access.visible_projects(user))
        .filter(manufacturer__uscc=uscc, batch_number_key=key)
        .select_related("project", "project__region", "material_type", "manufacturer")
        .prefetch_related(Prefetch("usages", queryset=usages, to_attr="trace_usages"))
        .order_by("project__region_id", "project_id", "id")
    )
    return list(qs[:TRACE_LIMIT])


def usages_at(project: Project | int, unit_project: UnitProject | int | None, location: str = "") -> QuerySet[Usage]:
    """Usages at a place: on the unit project, where either location is a prefix of the other.

    For the backward trace here and for the defects trace in responsibility.
    Not filtered by user: callers pick the project through access first.
    An empty location means the whole unit project (or the whole project
    when `unit_project` is None).
    """
    project_id = getattr(project, "pk", project)
    qs = Usage.objects.filter(project_id=project_id)
    if unit_project is not None:
        qs = qs.filter(unit_project_id=getattr(unit_project, "pk", unit_project))
    path = normalize_location(location, required=False)
    if path:
        qs = qs.filter(overlapping_q(path))
    return qs


def backward_trace(project: Project, unit_project: UnitProject | None, location: str) -> list[Usage]:
    """Usages at the place with their batches, the batches' samples and reports (4 queries)."""
    reports = TestReport.objects.select_related("lab", "file").order_by("-tested_on", "-id")
    samples = Sample.objects.select_related("lab", "witness").prefetch_related(Prefetch("reports", queryset=reports))
    return list(
        usages_at(project, unit_project, location)
        .select_related("unit_project", "batch", "batch__material_type", "batch__manufacturer", "batch__certificate")
        .prefetch_related(Prefetch("batch__samples", queryset=samples.order_by("sampled_on", "id")))
        .order_by(*BACKWARD_TRACE_ORDER)[:TRACE_LIMIT]
    )


@dataclass
class WitnessShare:
    material_type: MaterialType
    batches: int
    samples: int
    witnessed: int

    @property
    def share(self) -> float:
        return self.witnessed / self.samples if self.samples else 0.0

    @property
    def minimum(self) -> float:
        return settings.WITNESS_MIN_SHARE

    @property
    def below_minimum(self) -> bool:
        return self.material_type.witness_required and self.share < self.minimum

    @property
    def mandatory_without_witness(self) -> bool:
        return self.material_type.witness_required and self.witnessed == 0

    @property
    def flags(self) -> list[str]:
        out = []
        if self.mandatory_without_witness:
            out.append("no_witnessed_sample")
        elif self.below_minimum:
            out.append("below_minimum")
        return out


def witness_share(project: Project) -> list[WitnessShare]:
    """Per material type used on the project: samples, witnessed samples, share, flags (2 queries).

    The share is witnessed samples over recorded samples; the 211号 rule asks
    ≥ WITNESS_MIN_SHARE of the samples the standards require, and the registry
    counts the samples actually taken as that requirement.
    """
    batch_counts = dict(
        Batch.objects.filter(project=project)
        .values("material_type_id")
        .annotate(n=Count("id"))
        .values_list("material_type_id", "n")
    )
    sample_counts = {
        row["batch__material_type_id"]: row
        for row in Sample.objects.filter(project=project)
        .values("batch__material_type_id")
        .annotate(n=Count("id"), w=Count("id", filter=Q(witness__isnull=False)))
    }
    types = MaterialType.objects.filter(pk__in=list(batch_counts)).order_by("category", "code")
    return [
        WitnessShare(
            material_type=mt,
            batches=batch_counts.get(mt.pk, 0),
            samples=sample_counts.get(mt.pk, {}).get("n", 0),
            witnessed=sample_counts.get(mt.pk, {}).get("w", 0),
        )
        for mt in types
    ]


def blocking_batches(project: Project) -> QuerySet[Batch]:
    """Failed or quarantined batches still in use: an open non-conformance and a usage not withdrawn."""
    return (
        Batch.objects.filter(project=project, status__in=["failed", "quarantined"])
        .filter(pk__in=NonConformance.objects.filter(project=project, closed_at__isnull=True).values("batch_id"))
        .filter(pk__in=Usage.objects.filter(project=project, withdrawn_on__isnull=True).values("batch_id"))
        .select_related("material_type")
    )


def recall_detail(recall) -> dict:
    """The recall with every batch it reached, their projects and locations (3 queries)."""
    usages = Usage.objects.select_related("unit_project").order_by("unit_project__name", "location_key", "id")
    entries = list(
        recall.entries.select_related("batch", "batch__project", "batch__project__region", "batch__material_type")
        .prefetch_related(Prefetch("batch__usages", queryset=usages, to_attr="recall_usages"))
        .order_by("batch__project__region_id", "batch__project_id", "batch_id")
    )
    projects: dict[int, dict] = {}
    total = Decimal(0)
    n_usages = 0
    for entry in entries:
        b = entry.batch
        row = projects.setdefault(b.project_id, {"project": b.project, "batches": [], "usages": []})
        row["batches"].append(entry)
        row["usages"].extend(b.recall_usages)
        n_usages += len(b.recall_usages)
        total += sum((u.quantity for u in b.recall_usages if u.withdrawn_on is None), Decimal(0))
    return {
        "recall": recall,
        "entries": entries,
        "projects": list(projects.values()),
        "usage_count": n_usages,
        "quantity_in_use": total,
    }


def used_per_batch(batch_ids) -> dict[int, Decimal]:
    rows = (
        Usage.objects.filter(batch_id__in=batch_ids, withdrawn_on__isnull=True)
        .values("batch_id")
        .annotate(s=Sum("quantity"))
    )
    return {r["batch_id"]: r["s"] for r in rows}
