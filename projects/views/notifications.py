from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from projects import selectors
from projects.views.base import paginate


@login_required
def notification_list(request):
    page = paginate(request, selectors.notifications_for(request.user), per_page=30)
    return render(request, "projects/notifications.html", {"page_obj": page})


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one (or, with pk 0, every) notification read; follow its link if it has one."""
    mine = selectors.notifications_for(request.user)
    if not pk:
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("projects:notifications")
    note = mine.filter(pk=pk).first()
    if note is None:
        raise Http404
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    # Only local links: a notification never redirects off-site.
    if note.url.startswith("/") and not note.url.startswith("//"):
        return redirect(note.url)
    return redirect("projects:notifications")
