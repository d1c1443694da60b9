"""Who sees and does what with materials. Everything filters through the project rule.

- Batches, samples, reports, usages: visible with their project
  (`Project.objects.visible_to`). Labs are no party of a project: they see
  the samples sent to their lab, the batches and reports of those samples,
  and nothing else (no usages, no other samples of the same batch).
- Registering batches, samples and usages: the project's writers (owner,
  contractor, registering firm). Entry acceptance and witnessing: the
  project's supervision firm, by a user with the supervisor role (a person
  signs). Test reports: the lab the sample was sent to, or a writer
  uploading the lab's report file. Recalls: regulators, in their jurisdiction.

Out of sight is 404; seen but not allowed is 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from materials.models import Batch, ImportJob, NonConformance, Recall, Sample, TestReport, Usage, WitnessAuthorization
from projects.access import can_on_project
from projects.models import Project, Role


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_lab(user) -> bool:
    return _authenticated(user) and user.role == Role.LAB and user.organization_id is not None


def is_regulator(user) -> bool:
    return _authenticated(user) and user.role == Role.REGULATOR


def visible_projects(user) -> QuerySet[Project]:
    return Project.objects.visible_to(user)


def batches_visible_to(user) -> QuerySet[Batch]:
    if not _authenticated(user):
        return Batch.objects.none()
    if is_lab(user):
        return Batch.objects.filter(pk__in=Sample.objects.filter(lab_id=user.organization_id).values("batch_id"))
    return Batch.objects.filter(project__in=visible_projects(user))


def samples_visible_to(user) -> QuerySet[Sample]:
    if not _authenticated(user):
        return Sample.objects.none()
    if is_lab(user):
        return Sample.objects.filter(lab_id=user.organization_id)
    return Sample.objects.filter(project__in=visible_projects(user))


def reports_visible_to(user) -> QuerySet[TestReport]:
    if not _authenticated(user):
        return TestReport.objects.none()
    if is_lab(user):
        return TestReport.objects.filter(sample__lab_id=user.organization_id)
    return TestReport.objects.filter(sample__project__in=visible_projects(user))


def usages_visible_to(user) -> QuerySet[Usage]:
    return Usage.objects.filter(project__in=visible_projects(user)) if _authenticated(user) else Usage.objects.none()


def nonconformances_visible_to(user) -> QuerySet[NonConformance]:
    if not _authenticated(user):
        return NonConformance.objects.none()
    return NonConformance.objects.filter(project__in=visible_projects(user))


def authorizations_visible_to(user) -> QuerySet[WitnessAuthorization]:
    if not _authenticated(user):
        return WitnessAuthorization.objects.none()
    return WitnessAuthorization.objects.filter(project__in=visible_projects(user))


def recalls_visible_to(user) -> QuerySet[Recall]:
    """Regulators see the recalls opened within their jurisdiction (or covering it);
    parties see the recalls that reached one of their projects."""
    if not _authenticated(user):
        return Recall.objects.none()
    if user.is_superuser:
        return Recall.objects.all()
    if is_regulator(user):
        j = user.jurisdiction
        prefixes = [j[:n] for n in (2, 4, 6) if len(j) >= n]
        return Recall.objects.filter(Q(jurisdiction__startswith=j) | Q(jurisdiction__in=prefixes))
    reached = Batch.objects.filter(project__in=visible_projects(user)).values("recall_entries__recall_id")
    return Recall.objects.filter(pk__in=reached)


def imports_visible_to(user) -> QuerySet[ImportJob]:
    if not _authenticated(user):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(project__in=Project.objects.writable_by(user))


def get_visible(qs, pk):
    """`qs.get(pk=pk)`, or 404 when it is not there (out of sight) or the id is malformed."""
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_batch_for_user(user, pk, *, need: str = "view", queryset=None) -> Batch:
    """The batch if the user sees it (else 404) and may do `need` on its project (else 403)."""
    qs = queryset if queryset is not None else Batch.objects.select_related("project")
    batch = get_visible(qs.filter(pk__in=batches_visible_to(user).values("pk")), pk)
    if need != "view":
        require_on_project(user, batch.project, need)
    return batch


def get_sample_for_user(user, pk, queryset=None) -> Sample:
    qs = queryset if queryset is not None else Sample.objects.select_related("batch", "project")
    return get_visible(qs.filter(pk__in=samples_visible_to(user).values("pk")), pk)


def get_usage_for_user(user, pk) -> Usage:
    return get_visible(usages_visible_to(user).select_related("batch", "project"), pk)


def get_nonconformance_for_user(user, pk) -> NonConformance:
    return get_visible(nonconformances_visible_to(user).select_related("batch", "project"), pk)


def get_authorization_for_user(user, pk) -> WitnessAuthorization:
    return get_visible(authorizations_visible_to(user).select_related("project", "person"), pk)


def get_recall_for_user(user, pk) -> Recall:
    return get_visible(recalls_visible_to(user).select_related("manufacturer", "opened_by"), pk)


def get_import_for_user(user, pk) -> ImportJob:
    return get_visible(imports_visible_to(user).select_related("project"), pk)


MESSAGES = {
    "change": _("Only the project's owner, contractor or registering firm may do this."),
    "supervise": _("Only a supervisor of the project's supervision firm may do this."),
    "sample": _("Only the project's contractor, owner or supervision firm may record samples."),
}


def can_supervise(user, project: Project) -> bool:
    """Acceptance and witnessing are signatures: a supervisor-role user of the supervision party."""
    return _authenticated(user) and user.role == Role.SUPERVISOR and can_on_project(user, project, "supervise")


def can_record_samples(user, project: Project) -> bool:
    return can_on_project(user, project, "change") or can_supervise(user, project)


def require_on_project(user, project: Project, need: str) -> None:
    allowed = {
        "change": lambda: can_on_project(user, project, "change"),
        "supervise": lambda: can_supervise(user, project),
        "sample": lambda: can_record_samples(user, project),
    }[need]()
    if not allowed:
        raise PermissionDenied(str(MESSAGES[need]))


def can_post_report(user, sample: Sample) -> bool:
    if is_lab(user):
        return sample.lab_id == user.organization_id
    return can_on_project(user, sample.project, "change")


def can_open_recall(user) -> bool:
    return is_regulator(user) and bool(user.jurisdiction)


def can_view_batch(user, batch: Batch) -> bool:
    return batches_visible_to(user).filter(pk=batch.pk).exists()


def can_view_report(user, report: TestReport) -> bool:
    return reports_visible_to(user).filter(pk=report.pk).exists()


def can_view_nonconformance(user, nc: NonConformance) -> bool:
    return nonconformances_visible_to(user).filter(pk=nc.pk).exists()
