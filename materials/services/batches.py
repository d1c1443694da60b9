"""Batches: registration with certificates, entry acceptance by the supervisor."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history
from common.exceptions import Conflict
from common.uploads import CheckedUpload, store_upload
from materials import access, rules
from materials.models import Batch, BatchStatus, MaterialType
from projects.models import Organization, Project


def require_open_project(project: Project) -> None:
    if project.status == Project.Status.COMPLETED:
        raise Conflict(_("The project is completed; its material records are closed."), code="project_completed")


class References:
    """How batch rules find the material type and the organisations a batch names.

    The services look each value up with one query; the spreadsheet import
    subclasses this to look up a whole chunk of rows at once and to remember
    each distinct value's outcome. The rules (and their messages) stay here.
    """

    def find_material_type(self, text: str) -> MaterialType | None:
        mt = MaterialType.objects.filter(code=text, active=True).first()
        if mt is None and text.isdigit():
            mt = MaterialType.objects.filter(pk=int(text), active=True).first()
        return mt

    def find_organization(self, text: str) -> Organization | None:
        qs = Organization.objects.all()
        org = qs.filter(uscc=rules.normalize_code(text)).first()
        if org is None and text.isdigit() and len(text) < 18:
            org = qs.filter(pk=int(text)).first()
        return org

    def material_type(self, value) -> MaterialType:
        if isinstance(value, MaterialType):
            return value
        mt = self.find_material_type(str(value or "").strip())
        if mt is None:
            raise ValidationError(_("Unknown material type %(v)s; see /api/v1/material-types/.") % {"v": value})
        return mt

    def organization(self, value, kind: str, *, required: bool = True) -> Organization | None:
        """An organisation (instance, id or USCC) registered with `kind`."""
        if value in (None, ""):
            if required:
                raise ValidationError(_("This field is required."))
            return None
        if isinstance(value, Organization):
            org = value
        else:
            text = str(value).strip()
            org = self.find_organization(text)
            if org is None:
                raise ValidationError(_("No registered organisation with the code %(v)s.") % {"v": text})
        if kind not in org.kind_list:  # uses prefetched kinds when the caller prefetched them
            label = Organization.Kind(kind).label
            raise ValidationError(_("%(org)s is not registered as a %(kind)s.") % {"org": org.name, "kind": label})
        return org


def clean_material_type(value) -> MaterialType:
    return References().material_type(value)


def clean_organization(value, kind: str, *, required: bool = True) -> Organization | None:
    """An organisation (instance, id or USCC) registered with `kind`."""
    return References().organization(value, kind, required=required)


def clean_batch(
    *,
    material_type,
    spec,
    manufacturer,
    supplier=None,
    batch_number,
    quantity,
    unit,
    produced_on=None,
    arrived_on,
    certificate_number="",
    refs: References | None = None,
    today: dt.date | None = None,
) -> dict:
    """Every field rule of a batch, all errors at once (also used by the import).

    `refs` finds the material type and organisations (the import passes its
    bulk lookups); `today` is the day dates may not be after (default: today).
    """
    errors: dict[str, list[str]] = {}
    c = rules.collect
    refs = refs or References()
    data = {
        "material_type": c(errors, "material_type", refs.material_type, material_type),
        "spec": c(errors, "spec", rules.clean_text, spec, max_length=100),
        "manufacturer": c(errors, "manufacturer", refs.organization, manufacturer, "manufacturer"),
        "supplier": c(errors, "supplier", refs.organization, supplier, "supplier", required=False),
        "quantity": c(errors, "quantity", rules.clean_quantity, quantity),
        "unit": c(errors, "unit", rules.clean_unit, unit),
        "produced_on": c(errors, "produced_on", rules.clean_date, produced_on, required=False, today=today),
        "arrived_on": c(errors, "arrived_on", rules.clean_date, arrived_on, today=today),
        "certificate_number": c(
            errors, "certificate_number", rules.clean_text, certificate_number, max_length=64, required=False
        ),
    }
    number = c(errors, "batch_number", rules.clean_batch_number, batch_number)
    if number:
        data["batch_number"], data["batch_number_key"] = number
    if data["produced_on"] and data["arrived_on"] and data["produced_on"] > data["arrived_on"]:
        errors.setdefault("produced_on", []).append(_("A batch cannot be produced after it arrived."))
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def batch_register(
    *,
    actor,
    project: Project,
    certificate: CheckedUpload | None = None,
    factory_report: CheckedUpload | None = None,
    **fields,
) -> Batch:
    """Register a delivery with its certificate (合格证) and factory test report.

    The project's writers only; not on a completed project. Files must already
    have passed `common.uploads.check_upload` (PDF or image).
    """
    access.require_on_project(actor, project, "change")
    require_open_project(project)
    data = clean_batch(**fields)
    batch = Batch(project=project, registered_by=actor, **data)
    batch.full_clean(exclude=["certificate", "factory_report"])
    batch.save(force_insert=True)
    if certificate is not None:
        batch.certificate = store_upload(certificate, actor=actor, owner=batch)
    if factory_report is not None:
        batch.factory_report = store_upload(factory_report, actor=actor, owner=batch)
    if certificate is not None or factory_report is not None:
        batch.save(update_fields=["certificate", "factory_report"])
    history.record(
        actor=actor,
        action="batch_register",
        obj=batch,
        after=history.snapshot(
            batch,
            certificate=history.file_ref(batch.certificate),
            factory_report=history.file_ref(batch.factory_report),
        ),
    )
    return batch


@transaction.atomic
def batch_accept(*, actor, batch: Batch, result: str, accepted_on: dt.date, note: str = "") -> Batch:
    """Entry acceptance (进场验收) signed by a supervisor of the project's supervision firm.

    `result` is "accepted" or "rejected"; only an arrived batch can be decided.
    A rejection needs a note saying why.
    """
    access.require_on_project(actor, batch.project, "supervise")
    batch = Batch.objects.select_for_update().select_related("project").get(pk=batch.pk)
    require_open_project(batch.project)
    errors: dict[str, list[str]] = {}
    if result not in (BatchStatus.ACCEPTED, BatchStatus.REJECTED):
        errors["result"] = [_("Choose accepted or rejected.")]
    accepted_on = rules.collect(errors, "accepted_on", rules.clean_date, accepted_on)
    note = rules.collect(errors, "note", rules.clean_text, note, max_length=2000, required=False) or ""
    if accepted_on and accepted_on < batch.arrived_on:
        errors.setdefault("accepted_on", []).append(
            _("Acceptance cannot precede the arrival (%(d)s).") % {"d": batch.arrived_on}
        )
    if result == BatchStatus.REJECTED and not note:
        errors.setdefault("note", []).append(_("Say why the batch is rejected."))
    if errors:
        raise ValidationError(errors)
    if batch.status != BatchStatus.ARRIVED:
        raise Conflict(
            _("This batch is %(status)s; only an arrived batch can be accepted or rejected.")
            % {"status": batch.get_status_display()},
            code="batch_not_arrived",
        )
    before = history.snapshot(batch)
    batch.status = result
    batch.accepted_by = actor
    batch.accepted_by_name = (actor.get_full_name() or actor.get_username())[:150]
    batch.accepted_on = accepted_on
    batch.accepted_at = timezone.now()
    batch.acceptance_note = note
    batch.full_clean(exclude=["certificate", "factory_report"])
    batch.save(
        update_fields=["status", "accepted_by", "accepted_by_name", "accepted_on", "accepted_at", "acceptance_note"]
    )
    history.record(
        actor=actor,
        action="batch_accept" if result == "accepted" else "batch_reject",
        obj=batch,
        before=before,
        after=history.snapshot(batch),
        reason=note,
    )
    return batch
