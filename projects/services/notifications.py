"""In-app notifications, also sent by e-mail (Django's mail settings) after commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from projects.models import Notification, Participant, Project, Role, User

log = logging.getLogger(__name__)


def project_party_users(project: Project) -> QuerySet[User]:
    """Active users of the organisations that are current parties of the project."""
    orgs = Participant.objects.filter(project=project, left_on__isnull=True).values("organization_id")
    return User.objects.filter(is_active=True, organization_id__in=orgs)


def regulators_of(project: Project) -> QuerySet[User]:
    """Active regulators whose jurisdiction covers the project's region."""
    code = project.region_id
    prefixes = [code[:2], code[:4], code]
    return User.objects.filter(is_active=True, role=Role.REGULATOR, jurisdiction__in=prefixes)


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    project: Project | None = None,
) -> list[Notification]:
    """Add a notification to each recipient's inbox; e-mail them once the transaction commits."""
    users = {u.pk: u for u in recipients}
    rows = Notification.objects.bulk_create(
        [
            Notification(recipient=u, project=project, kind=kind, title=str(title)[:200], body=str(body), url=url)
            for u in users.values()
        ]
    )
    mails = [
        (str(title), f"{body}\n\n{settings.PUBLIC_BASE_URL}{url}" if url else str(body), None, [u.email])
        for u in users.values()
        if u.email
    ]
    ids = [n.pk for n in rows if n.recipient.email]
    if mails:
        transaction.on_commit(lambda: _send(mails, ids))
    return rows


def _send(mails, notification_ids) -> None:
    try:
        send_mass_mail(mails, using="default")
    except Exception:
        log.exception("sending %d notification e-mails failed", len(mails))
        return
    Notification.objects.filter(pk__in=notification_ids).update(emailed_at=timezone.now())


def notify_project(
    project: Project,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    include_regulators: bool = False,
    extra: Iterable[User] = (),
) -> list[Notification]:
    """Notify the project's current parties (and optionally its regulators)."""
    users = list(project_party_users(project))
    if include_regulators:
        users += list(regulators_of(project))
    users += list(extra)
    return notify(users, kind=kind, title=title, body=body, url=url, project=project)


__all__ = ["notify", "notify_project", "project_party_users", "regulators_of"]
