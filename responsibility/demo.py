"""Demo data: every project's five leads (order 200), some with a past change of lead;
plaques and archives for the completed projects (order 850).

Idempotent: a role that already has a lead entry is left alone, and every
value is derived from the project's plan, so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from projects import registry
from projects.models import PartyRole

#: Who may lead for a kind of organisation, in rotation (demo people keys, see projects.demo).
LEAD_SLOTS = {
    PartyRole.OWNER: ["lead1", "lead2"],
    PartyRole.SURVEYOR: ["lead1", "lead2"],
    PartyRole.DESIGNER: ["lead1", "lead2"],
    PartyRole.CONTRACTOR: ["lead1", "lead2", "staff1"],
    PartyRole.SUPERVISOR: ["lead1", "lead2", "staff1", "staff2"],
}


def _letters(project, org, person, role: str, day: dt.date):
    from responsibility import letters
    from responsibility.services.plaques import ROLE_WORDS

    words = ROLE_WORDS[role]
    auth = letters.authorization_letter(
        project=project.name,
        organization=org.name,
        representative=org.legal_representative,
        person=person.name,
        role=words,
        day=day,
    )
    commitment = letters.commitment_letter(
        project=project.name, organization=org.name, person=person.name, role=words, day=day
    )
    return auth, commitment


def _appoint(ctx, project, role: str, person, started_on: dt.date, reason: str = ""):
    from common.uploads import DOCUMENT, check_upload
    from responsibility import services

    org = person.employer
    auth, commitment = _letters(project, org, person, role, started_on)
    return services.lead_appoint(
        actor=ctx["admin"],
        project=project,
        role=role,
        person=person,
        started_on=started_on,
        authorization_letter=check_upload(auth, DOCUMENT, name=f"授权书-{person.name}.pdf"),
        commitment_letter=check_upload(commitment, DOCUMENT, name=f"承诺书-{person.name}.pdf"),
        committed_on=started_on,
        reason=reason,
    )


def leads(ctx: dict[str, Any]) -> None:
    """Five leads per project, appointed a week after the parties joined; some changed since."""
    from django.utils import timezone

    from responsibility.models import Lead

    people, plans = ctx["people"], ctx["plans"]
    today = timezone.localdate()
    rotation: dict[str, int] = {}
    for i, project in enumerate(ctx["projects"]):
        plan = plans[project.code]
        parties = {p.role: p for p in project.parties.filter(left_on__isnull=True).select_related("organization")}
        for role in PartyRole.values:
            org_key = plan.parties[role]
            slots = LEAD_SLOTS[role]
            turn = rotation.get(org_key + role, 0)
            rotation[org_key + role] = turn + 1
            first = people[f"{org_key}.{slots[turn % len(slots)]}"]
            second = people[f"{org_key}.{slots[(turn + 1) % len(slots)]}"]
            if Lead.objects.filter(project=project, role=role).exists():
                continue
            started = parties[role].joined_on + dt.timedelta(days=7)
            _appoint(ctx, project, role, first, started)
            # A past change of lead on some projects, well inside construction.
            if (
                plan.started_on
                and role in (PartyRole.CONTRACTOR, PartyRole.SUPERVISOR)
                and i % 3 == (0 if role == PartyRole.CONTRACTOR else 1)
            ):
                end = plan.completed_on or today
                change_on = plan.started_on + (end - plan.started_on) / 2
                reason = (
                    "原项目经理调任公司其他项目，经建设单位同意变更，已重新签署承诺书并报质量监督机构备案"
                    if role == PartyRole.CONTRACTOR
                    else "原总监理工程师因身体原因不能继续履职，监理单位变更总监并重新办理授权"
                )
                _appoint(ctx, project, role, second, change_on, reason=reason)


PLAQUE_PLACES = ["主入口左侧外墙，距地 1.5 米", "南立面首层入口右侧，距地 1.6 米", "东侧主出入口门厅外墙"]


def plaques_and_archives(ctx: dict[str, Any]) -> None:
    """The completed projects get their plaque and an archive; the first one an installation photo,
    the second a replacement plaque (version 2, after damage)."""
    import io

    from django.utils import timezone
    from PIL import Image, ImageDraw

    from common.uploads import PHOTO, check_upload
    from responsibility.models import Plaque, ResponsibilityArchive
    from responsibility.services import archives, plaques

    owner = ctx["users"]["owner"]
    completed = [p for p in ctx["projects"] if ctx["plans"][p.code].completed_on]
    for i, project in enumerate(completed):
        project.refresh_from_db()
        if project.status != "completed":
            continue
        plan = ctx["plans"][project.code]
        actor = owner if project.registered_by_id == ctx["orgs"]["owner1"].pk else ctx["admin"]
        plaque = Plaque.objects.filter(project=project).first()
        if plaque is None:
            plaque = plaques.plaque_issue(
                actor=actor,
                project=project,
                location=PLAQUE_PLACES[i % len(PLAQUE_PLACES)],
                issued_on=plan.completed_on + dt.timedelta(days=5),
            )
        if i == 1 and plaque.version == 1:
            # One plaque was damaged and replaced: version 2, same public code, version 1 kept.
            plaque = plaques.plaque_replace(
                actor=actor,
                project=project,
                reason=Plaque.Reason.DAMAGED,
                note="外墙维修时标牌被脚手架撞裂，字迹局部缺损，按原位置重新制作安装",
                issued_on=min(plan.completed_on + dt.timedelta(days=400), timezone.localdate()),
            )
        # The print PDF is rendered on first download (pages and API): seed_demo stays quick.
        if i == 0 and not plaque.installations.exists():
            img = Image.new("RGB", (1200, 900), (120, 120, 118))
            draw = ImageDraw.Draw(img)
            draw.rectangle((200, 150, 1000, 750), fill=(214, 196, 140), outline=(90, 70, 30), width=12)
            from responsibility.letters import _font

            draw.text((600, 260), "工程质量终身责任永久性标牌", font=_font(52), fill=(60, 45, 10), anchor="mm")
            draw.text((600, 360), project.name, font=_font(40), fill=(60, 45, 10), anchor="mm")
            exif = Image.Exif()
            taken = plan.completed_on + dt.timedelta(days=12)
            exif.get_ifd(0x8769)[0x9003] = f"{taken:%Y:%m:%d} 10:24:00"
            exif.get_ifd(0x8825).update({1: "N", 2: (30.0, 16.0, 12.5), 3: "E", 4: (120.0, 7.0, 44.1)})
            out = io.BytesIO()
            img.save(out, "JPEG", quality=82, exif=exif.tobytes())
            plaques.plaque_install(
                actor=actor,
                plaque=plaque,
                installed_on=taken,
                location=plaque.location,
                photo=check_upload(out.getvalue(), PHOTO, name="标牌安装照片.jpg"),
            )
        if not ResponsibilityArchive.objects.filter(project=project).exists():
            archive = archives.archive_generate(actor=actor, project=project)
            if i % 2 == 0:
                archives.archive_handover(
                    actor=actor,
                    archive=archive,
                    handed_over_to=ctx["orgs"]["archive"],
                    handed_over_on=plan.completed_on + dt.timedelta(days=30),
                    receipt_number=f"HZCJ-{plan.completed_on:%Y}-{1000 + i}",
                )


def register() -> None:
    registry.register_demo_step("responsibility.leads", leads, order=200)
    registry.register_demo_step("responsibility.plaques", plaques_and_archives, order=850)
