"""Spreadsheet import pages: upload, watch the progress, read the preview, commit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from materials import access, forms, imports
from materials.models import ImportJob
from materials.views._util import run_service
from projects.access import get_project_for_user
from projects.views.base import project_context


@login_required
@require_http_methods(["GET", "POST"])
def import_create(request, pk: int):
    project = get_project_for_user(request.user, pk, need="change")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = run_service(
            request,
            form,
            lambda: imports.job_create(
                actor=request.user, project=project, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            ),
        )
        if job:
            imports.job_start(job, "validate")
            return redirect("materials:import_detail", job.pk)
    ctx = project_context(request, project, "materials")
    ctx.update(
        {
            "form": form,
            "batch_columns": imports.BATCH_COLUMNS,
            "usage_columns": imports.USAGE_COLUMNS,
            "recent": access.imports_visible_to(request.user).filter(project=project)[:10],
        }
    )
    return render(request, "materials/import_form.html", ctx)


@login_required
def import_detail(request, pk: int):
    job = access.get_import_for_user(request.user, pk)
    ctx = project_context(request, job.project, "materials")
    return render(request, "materials/import_detail.html", {**ctx, "job": job})


@login_required
def import_status(request, pk: int):
    """The small JSON the import page polls while the background process works."""
    job = access.get_import_for_user(request.user, pk)
    processed = imports.read_progress(job) if job.status == ImportJob.Status.COMMITTING else job.processed_rows
    total = job.total_rows
    return JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "processed": processed,
            "total": total,
            "percent": min(100, round(100 * processed / total)) if total else (100 if not job.is_running else 0),
            "running": job.is_running,
            "error_count": job.error_count,
            "created": job.created_count,
        }
    )


@login_required
@require_POST
def import_commit(request, pk: int):
    job = access.get_import_for_user(request.user, pk)
    from django.contrib import messages

    from common.exceptions import Conflict

    try:
        imports.job_start(job, "commit")
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("Importing; this page follows the progress."))
    return redirect("materials:import_detail", job.pk)
