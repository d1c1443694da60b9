"""Rectification pages for both sides: the party replies, the issuer closes or reopens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from inspections import access, selectors, services
from inspections.forms import CloseForm, ReopenForm, ReplyForm
from inspections.models import Rectification
from inspections.views.inspections import _service_errors
from projects.views.base import paginate, project_context


@login_required
def rectification_list(request):
    """Notices the user's organisation received or issued, or, for regulators, all in the jurisdiction."""
    scope = request.GET.get("scope", "mine" if request.user.role == "firm" else "all")
    status = request.GET.get("status", "")
    if status not in Rectification.Status.values and status != "overdue":
        status = ""
    qs = selectors.rectification_list(
        request.user,
        status=status if status != "overdue" else "",
        overdue_on=timezone.localdate() if status == "overdue" else None,
        issued_to_me=scope == "mine",
    )
    return render(
        request,
        "inspections/rectification_list.html",
        {"page_obj": paginate(request, qs), "scope": scope, "status": status, "today": timezone.localdate()},
    )


@login_required
def overdue_list(request):
    qs = selectors.rectification_list(request.user, overdue_on=timezone.localdate())
    return render(
        request,
        "inspections/rectification_list.html",
        {"page_obj": paginate(request, qs), "status": "overdue", "overdue_page": True, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rectification_detail(request, pk: int):
    notice = selectors.rectification_detail(request.user, pk)
    can_reply = access.can_reply(request.user, notice) and notice.status == Rectification.Status.OPEN
    can_verify = access.can_verify(request.user, notice)
    action = request.POST.get("action") if request.method == "POST" else None
    reply_form = ReplyForm(request.POST if action == "reply" else None, request.FILES if action == "reply" else None)
    close_form = CloseForm(request.POST if action == "close" else None)
    reopen_form = ReopenForm(request.POST if action == "reopen" else None)
    forms_by_action = {
        "reply": (
            reply_form,
            lambda d: services.rectification_reply(actor=request.user, rectification=notice, **d),
            _("Reply sent."),
        ),
        "close": (
            close_form,
            lambda d: services.rectification_close(actor=request.user, rectification=notice, **d),
            _("Notice closed."),
        ),
        "reopen": (
            reopen_form,
            lambda d: services.rectification_reopen(actor=request.user, rectification=notice, **d),
            _("Notice reopened."),
        ),
    }
    if action in forms_by_action:
        form, run, done = forms_by_action[action]
        if form.is_valid() and _service_errors(form, lambda: run(form.cleaned_data) or True):
            messages.success(request, done)
            return redirect(notice)
    ctx = project_context(request, notice.project, "inspections")
    ctx.update(
        {
            "notice": notice,
            "today": timezone.localdate(),
            "reply_form": reply_form if can_reply else None,
            "close_form": close_form if can_verify and notice.status == Rectification.Status.REPLIED else None,
            "reopen_form": reopen_form if can_verify and notice.status != Rectification.Status.OPEN else None,
        }
    )
    return render(request, "inspections/rectification_detail.html", ctx)
