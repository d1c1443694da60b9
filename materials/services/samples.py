"""Witness authorisations, samples (见证取样) and test reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history
from common.exceptions import Conflict
from common.uploads import CheckedUpload, store_upload
from materials import access, rules
from materials.models import Batch, BatchStatus, NonConformance, Sample, TestReport, WitnessAuthorization
from materials.services.batches import clean_organization, require_open_project
from projects.models import Participant, Person, Project
from projects.services import notify_project

WITNESS_PARTIES = ("owner", "supervisor")


def _current_party_org(project: Project, role: str) -> int | None:
    return (
        Participant.objects.filter(project=project, role=role, left_on__isnull=True)
        .values_list("organization_id", flat=True)
        .first()
    )


@transaction.atomic
def witness_authorize(*, actor, project: Project, person: Person, valid_from: dt.date) -> WitnessAuthorization:
    """Authorise a person of the owner or supervision party to witness sampling.

    The authorising user works for that same party (a unit authorises its own
    staff in writing); administrators may record it for them.
    """
    if not access.visible_projects(actor).filter(pk=project.pk).exists():
        from django.http import Http404

        raise Http404
    require_open_project(project)
    party_role = next(
        (
            role
            for role in WITNESS_PARTIES
            if person.employer_id and _current_party_org(project, role) == person.employer_id
        ),
        None,
    )
    if party_role is None:
        raise ValidationError({"person": _("A witness must work for the project's current owner or supervision firm.")})
    if not actor.is_superuser and actor.organization_id != person.employer_id:
        raise PermissionDenied(_("Only the witness's own organisation may authorise them."))
    errors: dict[str, list[str]] = {}
    valid_from = rules.collect(errors, "valid_from", rules.clean_date, valid_from)
    if errors:
        raise ValidationError(errors)
    if WitnessAuthorization.objects.filter(project=project, person=person, revoked_on__isnull=True).exists():
        raise Conflict(
            _("%(name)s is already authorised on this project.") % {"name": person.name}, code="already_authorized"
        )
    auth = WitnessAuthorization(
        project=project,
        person=person,
        party_role=party_role,
        organization_id=person.employer_id,
        valid_from=valid_from,
        authorized_by=actor,
    )
    auth.full_clean()
    try:
        with transaction.atomic():
            auth.save(force_insert=True)
    except IntegrityError:
        raise Conflict(
            _("%(name)s is already authorised on this project.") % {"name": person.name}, code="already_authorized"
        ) from None
    history.record(actor=actor, action="witness_authorize", obj=auth, after=history.snapshot(auth))
    return auth


@transaction.atomic
def witness_revoke(
    *, actor, authorization: WitnessAuthorization, revoked_on: dt.date, reason: str
) -> WitnessAuthorization:
    auth = WitnessAuthorization.objects.select_for_update().select_related("project").get(pk=authorization.pk)
    if not actor.is_superuser and actor.organization_id != auth.organization_id:
        raise PermissionDenied(_("Only the witness's own organisation may revoke the authorisation."))
    errors: dict[str, list[str]] = {}
    revoked_on = rules.collect(errors, "revoked_on", rules.clean_date, revoked_on)
    reason = rules.collect(errors, "reason", rules.clean_text, reason, max_length=2000)
    if revoked_on and revoked_on < auth.valid_from:
        errors.setdefault("revoked_on", []).append(_("The authorisation cannot end before it began."))
    if errors:
        raise ValidationError(errors)
    if auth.revoked_on:
        raise Conflict(_("This authorisation has already been revoked."), code="already_revoked")
    before = history.snapshot(auth)
    auth.revoked_on, auth.revoke_reason = revoked_on, reason
    auth.save(update_fields=["revoked_on", "revoke_reason"])
    history.record(
        actor=actor, action="witness_revoke", obj=auth, before=before, after=history.snapshot(auth), reason=reason
    )
    return auth


def _clean_sample_fields(batch: Batch, data: dict[str, Any]) -> dict:
    errors: dict[str, list[str]] = {}
    c = rules.collect
    out = {
        "sample_number": c(errors, "sample_number", rules.clean_text, data.get("sample_number"), max_length=64),
        "seal_number": c(errors, "seal_number", rules.clean_text, data.get("seal_number"), max_length=64),
        "sampled_on": c(errors, "sampled_on", rules.clean_date, data.get("sampled_on")),
        "sampling_location": c(
            errors,
            "sampling_location",
            rules.clean_text,
            data.get("sampling_location", ""),
            max_length=200,
            required=False,
        ),
        "lab": c(errors, "lab", clean_organization, data.get("lab"), "lab"),
        "representative_quantity": c(
            errors,
            "representative_quantity",
            rules.clean_quantity,
            data.get("representative_quantity"),
            limit=batch.quantity,
        ),
    }
    for field in ("sample_number", "seal_number"):
        # Identifiers are stored upper-case without inner spaces: what is stamped on the seal.
        if out[field]:
            out[field] = rules.normalize_code(out[field], strip=" ")
    if out["sample_number"] and Sample.objects.filter(sample_number=out["sample_number"]).exists():
        errors.setdefault("sample_number", []).append(
            _("This sample number is already used; sample numbers are unique.")
        )
    if out["seal_number"] and Sample.objects.filter(seal_number=out["seal_number"]).exists():
        errors.setdefault("seal_number", []).append(_("This seal number is already used; seal numbers are unique."))
    if out["sampled_on"] and out["sampled_on"] < batch.arrived_on:
        errors.setdefault("sampled_on", []).append(
            _("A sample cannot be taken before the batch arrived (%(d)s).") % {"d": batch.arrived_on}
        )
    sampler = data.get("sampler")
    if not isinstance(sampler, Person):
        errors.setdefault("sampler", []).append(_("Name the sampler."))
    elif sampler.employer_id is None or sampler.employer_id != _current_party_org(batch.project, "contractor"):
        errors.setdefault("sampler", []).append(_("The sampler must work for the project's current contractor."))
    witness = data.get("witness")
    out["witness_authorization"] = None
    if witness is not None and out["sampled_on"]:
        auth = (
            WitnessAuthorization.objects.filter(
                project=batch.project, person=witness, valid_from__lte=out["sampled_on"]
            )
            .exclude(revoked_on__lte=out["sampled_on"])
            .order_by("-valid_from")
            .first()
        )
        if auth is None:
            errors.setdefault("witness", []).append(
                _("%(name)s is not authorised to witness sampling on this project on that day.")
                % {"name": witness.name}
            )
        out["witness_authorization"] = auth
    if errors:
        raise ValidationError(errors)
    out["sampler"], out["witness"] = sampler, witness
    return out


@transaction.atomic
def sample_record(*, actor, batch: Batch, **data) -> Sample:
    """Record a sample sent to a lab; witnessed when `witness` (an authorised person) is given.

    The sampler works for the contractor (211号); the witness has a current
    authorisation on the project. Sample and seal numbers are unique.
    """
    access.require_on_project(actor, batch.project, "sample")
    require_open_project(batch.project)
    batch = Batch.objects.select_for_update().select_related("project").get(pk=batch.pk)
    out = _clean_sample_fields(batch, data)
    if batch.status == BatchStatus.REJECTED:
        raise Conflict(_("A rejected batch has left the site; it cannot be sampled."), code="batch_rejected")
    sample = Sample(batch=batch, project=batch.project, recorded_by=actor, **out)
    sample.full_clean()
    try:
        with transaction.atomic():
            sample.save(force_insert=True)
    except IntegrityError:
        raise ValidationError(
            {"sample_number": _("This sample or seal number was recorded at the same time.")}
        ) from None
    history.record(actor=actor, action="sample_record", obj=sample, after=history.snapshot(sample))
    return sample


@transaction.atomic
def report_record(
    *,
    actor,
    sample: Sample,
    report_number: str,
    tested_on: dt.date,
    conclusion: str,
    values: dict | None = None,
    file: CheckedUpload | None = None,
    corrects: TestReport | None = None,
    reason: str = "",
) -> TestReport:
    """Record the lab's report on a sample. A failing one fails the batch.

    Posted by the lab the sample was sent to, or uploaded by a writer of the
    project with the lab's report file. On `fail`: the batch becomes failed
    (it can no longer be used), a non-conformance opens with the time the
    supervision agency was notified, and the project's parties and the
    regulators of its region are notified (in-app, e-mail on commit).
    """
    if not access.can_post_report(actor, sample):
        raise PermissionDenied(
            _("Only the lab the sample was sent to, or the project's firms with the lab's report, may post it.")
        )
    sample = Sample.objects.select_related("project", "batch", "lab").get(pk=sample.pk)
    errors: dict[str, list[str]] = {}
    c = rules.collect
    number = c(errors, "report_number", rules.clean_text, report_number, max_length=64)
    number = rules.normalize_code(number, strip=" ") if number else number
    tested_on = c(errors, "tested_on", rules.clean_date, tested_on)
    if conclusion not in TestReport.Conclusion.values:
        errors["conclusion"] = [_("The conclusion is pass or fail.")]
    if values is not None and not isinstance(values, dict):
        errors["values"] = [_("Give the measured values as an object of name: value.")]
    if tested_on and tested_on < sample.sampled_on:
        errors.setdefault("tested_on", []).append(
            _("A test cannot precede the sampling (%(d)s).") % {"d": sample.sampled_on}
        )
    if not access.is_lab(actor) and file is None:
        errors.setdefault("file", []).append(_("Upload the lab's report file."))
    if number and TestReport.objects.filter(lab=sample.lab, report_number=number).exists():
        errors.setdefault("report_number", []).append(_("This lab already has a report with this number."))
    if corrects is not None:
        if corrects.sample_id != sample.pk:
            errors.setdefault("corrects", []).append(_("A correction must concern the same sample."))
        if not (reason or "").strip():
            errors.setdefault("reason", []).append(_("Say what the correction corrects."))
    elif sample.reports.filter(corrects__isnull=True).exists():
        errors.setdefault("sample", []).append(
            _("This sample already has a report; post a correction that names it instead.")
        )
    if errors:
        raise ValidationError(errors)
    report = TestReport(
        sample=sample,
        lab=sample.lab,
        report_number=number,
        tested_on=tested_on,
        conclusion=conclusion,
        values=values or {},
        corrects=corrects,
        reason=(reason or "").strip(),
        posted_by=actor,
    )
    report.full_clean(exclude=["file"])
    try:
        with transaction.atomic():
            report.save(force_insert=True)
    except IntegrityError:
        raise ValidationError({"report_number": _("This lab already has a report with this number.")}) from None
    if file is not None:
        report.file = store_upload(file, actor=actor, owner=report)
        report.save(update_fields=["file"])
    history.record(
        actor=actor,
        action="report_record",
        obj=report,
        after=history.snapshot(report, file=history.file_ref(report.file)),
        reason=report.reason,
        scope=sample.project,
    )
    if conclusion == TestReport.Conclusion.FAIL:
        _fail_batch(actor=actor, report=report)
    return report


def _fail_batch(*, actor, report: TestReport) -> None:
    batch = Batch.objects.select_for_update().select_related("project", "material_type").get(pk=report.sample.batch_id)
    before = history.snapshot(batch)
    if batch.status != BatchStatus.FAILED:
        batch.status = BatchStatus.FAILED
        batch.save(update_fields=["status"])
        history.record(
            actor=actor,
            action="batch_fail",
            obj=batch,
            before=before,
            after=history.snapshot(batch),
            reason=_("Test report %(n)s: fail") % {"n": report.report_number},
        )
    nc = NonConformance.objects.create(
        batch=batch,
        project=batch.project,
        source=NonConformance.Source.TEST_REPORT,
        report=report,
        regulator_notified_at=timezone.now(),
        notification_method=_("registry notification and e-mail"),
    )
    history.record(actor=actor, action="nc_open", obj=nc, after=history.snapshot(nc))
    notify_project(
        batch.project,
        kind="material_failed",
        title=_("Material failed its test: %(material)s, batch %(number)s")
        % {"material": batch.material_type.name, "number": batch.batch_number},
        body=_(
            "Test report %(report)s of %(lab)s on sample %(sample)s concludes FAIL. The batch (%(spec)s, %(qty)s %(unit)s) "
            "is blocked from use on %(project)s until the non-conformance is dealt with."
        )
        % {
            "report": report.report_number,
            "lab": report.sample.lab.name,
            "sample": report.sample.sample_number,
            "spec": batch.spec,
            "qty": rules.format_quantity(batch.quantity),
            "unit": batch.get_unit_display(),
            "project": batch.project.name,
        },
        url=reverse("materials:batch_detail", args=[batch.pk]),
        include_regulators=True,
    )
