"""Recalls of defective batches and the closing of non-conformances."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history
from common.exceptions import Conflict
from common.uploads import CheckedUpload, store_upload
from materials import access, rules
from materials.models import Batch, BatchStatus, NonConformance, Recall, RecallBatch
from materials.services.batches import clean_organization
from projects.models import Project
from projects.services import notify_project


@transaction.atomic
def recall_open(*, actor, manufacturer, batch_number: str, reason: str) -> Recall:
    """Quarantine every batch of `manufacturer` with `batch_number` in the regulator's jurisdiction.

    Matching is on the manufacturer's USCC and the normalised batch number
    (width, case, spaces and dashes ignored). Batches already rejected at
    entry never entered the works: they are listed but keep their status.
    Each quarantined batch gets a non-conformance; each affected project's
    parties are notified. Locks the matching batches so a usage cannot slip in.
    """
    if not access.can_open_recall(actor):
        raise PermissionDenied(_("Only a regulator may open a recall, within their jurisdiction."))
    errors: dict[str, list[str]] = {}
    manufacturer = rules.collect(errors, "manufacturer", clean_organization, manufacturer, "manufacturer")
    number = rules.collect(errors, "batch_number", rules.clean_batch_number, batch_number)
    reason = rules.collect(errors, "reason", rules.clean_text, reason, max_length=2000)
    if errors:
        raise ValidationError(errors)
    raw, key = number
    recall = Recall(
        manufacturer=manufacturer,
        batch_number=raw,
        batch_number_key=key,
        reason=reason,
        jurisdiction=actor.jurisdiction,
        opened_by=actor,
    )
    recall.full_clean()
    recall.save(force_insert=True)
    in_reach = Project.objects.regulated_by(actor)
    batches = list(
        Batch.objects.select_for_update()
        .filter(manufacturer=manufacturer, batch_number_key=key, project__in=in_reach)
        .select_related("project", "material_type")
        .order_by("project_id", "id")
    )
    entries, projects = [], {}
    for batch in batches:
        entries.append(RecallBatch(recall=recall, batch=batch, previous_status=batch.status))
        projects.setdefault(batch.project_id, (batch.project, []))[1].append(batch)
        if batch.status == BatchStatus.REJECTED:
            continue
        before = history.snapshot(batch)
        if batch.status != BatchStatus.QUARANTINED:
            batch.status = BatchStatus.QUARANTINED
            batch.save(update_fields=["status"])
        history.record(
            actor=actor,
            action="batch_quarantine",
            obj=batch,
            before=before,
            after=history.snapshot(batch),
            reason=reason,
        )
        nc = NonConformance.objects.create(
            batch=batch,
            project=batch.project,
            source=NonConformance.Source.RECALL,
            recall=recall,
            regulator_notified_at=timezone.now(),
            notification_method=_("opened by the supervision agency"),
        )
        history.record(actor=actor, action="nc_open", obj=nc, after=history.snapshot(nc), reason=reason)
    RecallBatch.objects.bulk_create(entries)
    history.record(
        actor=actor,
        action="recall_open",
        obj=recall,
        after=history.snapshot(recall, batches=[b.pk for b in batches]),
        reason=reason,
        scope=recall,
    )
    url = reverse("materials:recall_detail", args=[recall.pk])
    for project, project_batches in projects.values():
        notify_project(
            project,
            kind="material_recall",
            title=_("Recall: %(maker)s batch %(number)s is quarantined") % {"maker": manufacturer.name, "number": raw},
            body=_("%(n)d batch(es) of this project are quarantined and may not be used. Reason: %(reason)s")
            % {"n": len(project_batches), "reason": reason},
            url=url,
        )
    return recall


@transaction.atomic
def nonconformance_close(
    *, actor, nonconformance: NonConformance, disposition: str, note: str, evidence: CheckedUpload | None
) -> NonConformance:
    """Close a non-conformance with its disposition and evidence, signed by the project's supervisor.

    - re-tested and passed: only for a failing test; the batch is released
      (back to accepted, or arrived if never accepted) unless another
      non-conformance on it is still open;
    - returned or removed: every usage of the batch must have been withdrawn;
    - strengthened: the material stays in the works with the design's remedy.
    """
    access.require_on_project(actor, nonconformance.project, "supervise")
    nc = NonConformance.objects.select_for_update().select_related("batch", "project").get(pk=nonconformance.pk)
    errors: dict[str, list[str]] = {}
    if disposition not in NonConformance.Disposition.values:
        errors["disposition"] = [_("Choose a disposition.")]
    note = rules.collect(errors, "note", rules.clean_text, note, max_length=2000)
    if evidence is None:
        errors["evidence"] = [_("Attach the evidence of the disposition (PDF or image).")]
    if disposition == NonConformance.Disposition.RETEST_PASSED and nc.source != NonConformance.Source.TEST_REPORT:
        errors.setdefault("disposition", []).append(_("A recall is not lifted by a re-test here."))
    if errors:
        raise ValidationError(errors)
    if not nc.is_open:
        raise Conflict(_("This non-conformance is already closed."), code="nc_closed")
    batch = Batch.objects.select_for_update().get(pk=nc.batch_id)
    if disposition in (NonConformance.Disposition.RETURNED, NonConformance.Disposition.REMOVED):
        live = batch.usages.filter(withdrawn_on__isnull=True).count()
        if live:
            raise Conflict(
                _("%(n)d usage(s) of this batch are still in the works; withdraw them first.") % {"n": live},
                code="batch_still_in_use",
            )
    before = history.snapshot(nc)
    nc.disposition, nc.disposition_note = disposition, note
    nc.evidence = store_upload(evidence, actor=actor, owner=nc)
    nc.closed_at, nc.closed_by = timezone.now(), actor
    nc.full_clean()
    nc.save(update_fields=["disposition", "disposition_note", "evidence", "closed_at", "closed_by"])
    history.record(
        actor=actor,
        action="nc_close",
        obj=nc,
        before=before,
        after=history.snapshot(nc, evidence=history.file_ref(nc.evidence)),
        reason=note,
    )
    others_open = NonConformance.objects.filter(batch=batch, closed_at__isnull=True).exists()
    if disposition == NonConformance.Disposition.RETEST_PASSED and not others_open:
        before = history.snapshot(batch)
        batch.status = BatchStatus.ACCEPTED if batch.accepted_on else BatchStatus.ARRIVED
        batch.save(update_fields=["status"])
        history.record(
            actor=actor, action="batch_release", obj=batch, before=before, after=history.snapshot(batch), reason=note
        )
    return nc
