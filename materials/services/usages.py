"""Usages: which batch went where, and their withdrawal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from common import history
from common.exceptions import Conflict
from common.locations import location_key, normalize_location
from materials import access, rules
from materials.models import Batch, BatchStatus, Usage
from materials.services.batches import require_open_project
from projects.models import UnitProject


def used_quantity(batch: Batch) -> Decimal:
    return Usage.objects.filter(batch=batch, withdrawn_on__isnull=True).aggregate(s=Sum("quantity"))["s"] or Decimal(0)


def require_usable(batch: Batch) -> None:
    if batch.status != BatchStatus.ACCEPTED:
        raise Conflict(
            _("This batch is %(status)s; only a batch accepted at entry may be used.")
            % {"status": batch.get_status_display()},
            code="batch_not_usable",
        )


@transaction.atomic
def usage_record(*, actor, batch: Batch, unit_project: UnitProject, location: str, quantity, used_on: dt.date) -> Usage:
    """Record that `quantity` of the batch was built in at `location` of `unit_project`.

    409 unless the batch is accepted (a failed, quarantined, rejected or not yet
    accepted batch is never used); 400 when the usages would exceed the batch.
    The batch row is locked so two usages recorded at once cannot overdraw it.
    """
    access.require_on_project(actor, batch.project, "change")
    batch = Batch.objects.select_for_update().select_related("project").get(pk=batch.pk)
    require_open_project(batch.project)
    require_usable(batch)
    errors: dict[str, list[str]] = {}
    if unit_project is None or unit_project.project_id != batch.project_id:
        errors["unit_project"] = [_("Choose a unit project of the batch's project.")]
    location = rules.collect(errors, "location", normalize_location, location)
    quantity = rules.collect(errors, "quantity", rules.clean_quantity, quantity, limit=batch.quantity)
    used_on = rules.collect(errors, "used_on", rules.clean_date, used_on)
    if used_on and used_on < batch.arrived_on:
        errors.setdefault("used_on", []).append(
            _("A batch cannot be used before it arrived (%(d)s).") % {"d": batch.arrived_on}
        )
    if quantity and not errors.get("quantity"):
        left = batch.quantity - used_quantity(batch)
        if quantity > left:
            errors["quantity"] = [
                _("Only %(left)s %(unit)s of this batch are left unused.")
                % {"left": rules.format_quantity(left), "unit": batch.get_unit_display()}
            ]
    if errors:
        raise ValidationError(errors)
    usage = Usage(
        batch=batch,
        project=batch.project,
        unit_project=unit_project,
        location=location,
        location_key=location_key(location),
        quantity=quantity,
        used_on=used_on,
        recorded_by=actor,
    )
    usage.full_clean()
    usage.save(force_insert=True)
    history.record(actor=actor, action="usage_record", obj=usage, after=history.snapshot(usage))
    return usage


@transaction.atomic
def usage_withdraw(*, actor, usage: Usage, withdrawn_on: dt.date, reason: str) -> Usage:
    """Record that used material was taken out again (removed, replaced); the row stays."""
    access.require_on_project(actor, usage.project, "change")
    usage = Usage.objects.select_for_update().select_related("project").get(pk=usage.pk)
    errors: dict[str, list[str]] = {}
    withdrawn_on = rules.collect(errors, "withdrawn_on", rules.clean_date, withdrawn_on)
    reason = rules.collect(errors, "reason", rules.clean_text, reason, max_length=2000)
    if withdrawn_on and withdrawn_on < usage.used_on:
        errors.setdefault("withdrawn_on", []).append(_("Material cannot be withdrawn before it was used."))
    if errors:
        raise ValidationError(errors)
    if usage.withdrawn_on:
        raise Conflict(_("This usage has already been withdrawn."), code="already_withdrawn")
    before = history.snapshot(usage)
    usage.withdrawn_on, usage.withdraw_reason = withdrawn_on, reason
    usage.save(update_fields=["withdrawn_on", "withdraw_reason"])
    history.record(
        actor=actor, action="usage_withdraw", obj=usage, before=before, after=history.snapshot(usage), reason=reason
    )
    return usage
