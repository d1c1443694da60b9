"""xlsx exports of every list, and the recall list as xlsx and PDF."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.xlsx import xlsx_response

MAX_EXPORT_ROWS = 200_000


def _columns(name: str):
    """(heading, value getter) for each list's export."""
    if name == "batches":
        return [
            (_("ID"), lambda b: b.pk),
            (_("Project code"), lambda b: b.project.code),
            (_("Project"), lambda b: b.project.name),
            (_("Material type"), lambda b: b.material_type.name),
            (_("Specification"), lambda b: b.spec),
            (_("Manufacturer"), lambda b: b.manufacturer.name),
            (_("Manufacturer USCC"), lambda b: b.manufacturer.uscc),
            (_("Supplier"), lambda b: b.supplier.name if b.supplier else ""),
            (_("Batch or heat number"), lambda b: b.batch_number),
            (_("Quantity"), lambda b: b.quantity),
            (_("Unit"), lambda b: b.get_unit_display()),
            (_("Produced on"), lambda b: b.produced_on),
            (_("Arrived on"), lambda b: b.arrived_on),
            (_("Certificate number"), lambda b: b.certificate_number),
            (_("Certificate SHA-256"), lambda b: b.certificate.sha256 if b.certificate else ""),
            (_("Status"), lambda b: b.get_status_display()),
            (_("Accepted by"), lambda b: b.accepted_by_name),
            (_("Acceptance date"), lambda b: b.accepted_on),
        ], "select"
    if name == "samples":
        return [
            (_("Sample number"), lambda s: s.sample_number),
            (_("Seal number"), lambda s: s.seal_number),
            (_("Project"), lambda s: s.project.name),
            (_("Material type"), lambda s: s.batch.material_type.name),
            (_("Batch or heat number"), lambda s: s.batch.batch_number),
            (_("Sampled on"), lambda s: s.sampled_on),
            (_("Sampler"), lambda s: s.sampler.name),
            (_("Witness"), lambda s: s.witness.name if s.witness else ""),
            (_("Lab"), lambda s: s.lab.name),
            (_("Representative quantity"), lambda s: s.representative_quantity),
            (
                _("Reports"),
                lambda s: ", ".join(f"{r.report_number} ({r.get_conclusion_display()})" for r in s.reports.all()),
            ),
        ], "prefetch"
    if name == "test_reports":
        return [
            (_("Report number"), lambda r: r.report_number),
            (_("Lab"), lambda r: r.lab.name),
            (_("Sample number"), lambda r: r.sample.sample_number),
            (_("Batch or heat number"), lambda r: r.sample.batch.batch_number),
            (_("Tested on"), lambda r: r.tested_on),
            (_("Conclusion"), lambda r: r.get_conclusion_display()),
            (_("Measured values"), lambda r: "; ".join(f"{k}={v}" for k, v in (r.values or {}).items())),
            (_("File SHA-256"), lambda r: r.file.sha256 if r.file else ""),
        ], "select"
    if name == "usages":
        return [
            (_("Project"), lambda u: u.project.name),
            (_("Unit project"), lambda u: u.unit_project.name),
            (_("Location"), lambda u: u.location),
            (_("Material type"), lambda u: u.batch.material_type.name),
            (_("Batch or heat number"), lambda u: u.batch.batch_number),
            (_("Quantity"), lambda u: u.quantity),
            (_("Used on"), lambda u: u.used_on),
            (_("Withdrawn on"), lambda u: u.withdrawn_on),
        ], "select"
    raise ValueError(name)


def list_xlsx(name: str, queryset):
    columns, _mode = _columns(name)
    qs = queryset[:MAX_EXPORT_ROWS]
    # iterator() streams rows in chunks; prefetches then run per chunk (Django ≥ 4.1).
    rows = ((get(obj) for _h, get in columns) for obj in qs.iterator(chunk_size=2000))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(f"{name}-{stamp}.xlsx", title=name, headers=[h for h, _g in columns], rows=rows)


def recall_lines(detail: dict):
    """(project, recall entry, usage or None): one line per usage, one per batch never used."""
    for row in detail["projects"]:
        by_batch: dict[int, list] = {}
        for u in row["usages"]:
            by_batch.setdefault(u.batch_id, []).append(u)
        for entry in row["batches"]:
            for u in by_batch.get(entry.batch_id) or [None]:
                yield row["project"], entry, u


def recall_rows(detail: dict):
    for p, entry, u in recall_lines(detail):
        b = entry.batch
        yield [
            p.code,
            p.name,
            p.region_id,
            b.pk,
            b.material_type.name,
            b.spec,
            b.quantity,
            b.get_unit_display(),
            b.get_status_display(),
            u.unit_project.name if u else "",
            u.location if u else "",
            u.quantity if u else None,
            u.used_on if u else None,
            u.withdrawn_on if u else None,
        ]


RECALL_HEADINGS = [
    gettext_noop("Project code"),
    gettext_noop("Project"),
    gettext_noop("Region"),
    gettext_noop("Batch ID"),
    gettext_noop("Material type"),
    gettext_noop("Specification"),
    gettext_noop("Batch quantity"),
    gettext_noop("Unit"),
    gettext_noop("Status"),
    gettext_noop("Unit project"),
    gettext_noop("Location"),
    gettext_noop("Quantity used"),
    gettext_noop("Used on"),
    gettext_noop("Withdrawn on"),
]


def recall_xlsx(detail: dict):
    recall = detail["recall"]
    headings = [_(h) for h in RECALL_HEADINGS]
    return xlsx_response(
        f"recall-{recall.pk}-{recall.batch_number_key}.xlsx",
        title=_("Recall"),
        headers=headings,
        rows=recall_rows(detail),
    )
