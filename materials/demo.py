"""Demo data for materials (order 400, after projects.start has started the projects).

On every started project: batches of rebar, cement, ready-mix concrete and
waterproofing with certificate and factory-report PDFs, witness
authorisations, witnessed and unwitnessed samples sent to the two demo labs,
passing reports, usages at real-looking locations (`1号楼` + `5F/柱/C-3`).
One steel heat of the demo steel mill (HEAT) is used on several projects in
different districts, so trace and recall can be tried at once. Failing
reports only on projects under construction (the completed ones must pass
the completion gate at order 800): one before use (blocked, not in use) and
one on concrete test blocks after the pour (in use: that project's
completion is blocked until the non-conformance is closed).

Idempotent: a batch is recognised by its project and batch number; every
random value is drawn whether or not the rows exist.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from projects import registry

HEAT = "22B-88001"

#: code, manufacturer key, spec, unit, quantity range, witness every n-th sample
MATERIALS = [
    ("rebar_hrb", "steel_mill", "HRB400E Φ25", "t", (40, 60)),
    ("cement", "cement_plant", "P·O 42.5", "t", (100, 300)),
    ("concrete_ready_mix", "concrete_plant", "C35 P8", "m3", (200, 600)),
    ("waterproof_sbs", "waterproofing", "SBS I PY PE 4mm", "m2", (1500, 4000)),
]
LOCATIONS = {
    "rebar_hrb": ["{f}F/柱/C-{n}", "{f}F/梁/KL-{n}", "{f}F/剪力墙/Q-{n}"],
    "cement": ["{f}F/砌体/轴{n}", "{f}F/抹灰"],
    "concrete_ready_mix": ["{f}F/楼板", "{f}F/柱/C-{n}", "基础/承台/CT-{n}"],
    "waterproof_sbs": ["屋面/防水层", "地下室/底板防水", "地下室/外墙防水"],
}
EXTRA_USERS = {
    # username: (role, org key, person key, display name)
    "supervisor_gongshu": ("supervisor", "supervisor2", "supervisor2.lead1", "拱墅项目总监"),
    "supervisor_binjiang": ("supervisor", "supervisor3", "supervisor3.lead1", "滨江项目总监"),
    "lab2": ("lab", "lab2", None, "省建科院检测中心用户"),
}


def _document(title: str, lines: list[str]) -> bytes:
    """A one-page A5 PDF scan look-alike (Pillow; ASCII text, the default font has no CJK)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (420, 595), (252, 252, 248))
    draw = ImageDraw.Draw(img)
    draw.rectangle((12, 12, 408, 583), outline=(40, 60, 120), width=2)
    draw.text((30, 30), title, fill=(20, 30, 80))
    for i, line in enumerate(lines):
        draw.text((30, 70 + 22 * i), line, fill=(30, 30, 30))
    draw.ellipse((300, 470, 390, 560), outline=(200, 30, 30), width=3)
    out = io.BytesIO()
    img.save(out, "PDF", resolution=72)
    return out.getvalue()


def _checked(data: bytes, name: str):
    from common.uploads import DOCUMENT, check_upload

    return check_upload(data, DOCUMENT, name=name)


def _users(ctx) -> dict:
    from projects import services
    from projects.demo import DEMO_PASSWORD
    from projects.models import User

    users = dict(ctx["users"])
    for username, (role, org_key, person_key, display) in EXTRA_USERS.items():
        user = User.objects.filter(username=username).first() or services.user_create(
            actor=ctx["admin"],
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            organization=ctx["orgs"][org_key],
            person=ctx["people"].get(person_key) if person_key else None,
            first_name=display,
            email=f"{username}@demo.registry.local",
        )
        users[username] = user
    return users


def materials(ctx: dict[str, Any]) -> None:
    from materials import services
    from materials.models import Batch, WitnessAuthorization

    rng: random.Random = ctx["rng"]
    users = _users(ctx)
    orgs, people, admin = ctx["orgs"], ctx["people"], ctx["admin"]
    supervisor_user = {
        "supervisor1": users["supervisor"],
        "supervisor2": users["supervisor_gongshu"],
        "supervisor3": users["supervisor_binjiang"],
    }
    lab_user = {"lab1": users["lab"], "lab2": users["lab2"]}
    today = timezone.localdate()
    started = [p for p in ctx["projects"] if ctx["plans"][p.code].started_on]
    heat_projects = {p.pk for p in started[:: max(1, len(started) // 5)][:5]}
    failed_before_use_done = failed_after_use_done = False
    for n, project in enumerate(started):
        project.refresh_from_db()
        plan = ctx["plans"][project.code]
        end = min(plan.completed_on or today, today)
        start = plan.started_on
        span = max(30, (end - start).days)
        units = list(project.unit_projects.order_by("name"))
        sup_key, con_key = plan.parties["supervisor"], plan.parties["contractor"]
        witness = people[f"{sup_key}.lead1"]
        sampler = people[f"{con_key}.staff1"]
        lab_key = "lab1" if n % 2 == 0 else "lab2"
        if (
            project.status == "under_construction"
            and not WitnessAuthorization.objects.filter(project=project, person=witness).exists()
        ):
            services.witness_authorize(actor=admin, project=project, person=witness, valid_from=start)
        for m, (code, maker, spec, unit, (lo, hi)) in enumerate(MATERIALS):
            # Draw everything first: reruns see the same sequence whether or not rows exist.
            quantity = Decimal(rng.randrange(lo, hi))
            arrived = start + dt.timedelta(days=rng.randrange(5, max(6, span // 3)))
            produced = arrived - dt.timedelta(days=rng.randrange(2, 20))
            cert_no = f"{code[:2].upper()}-{arrived:%Y%m%d}-{rng.randrange(1000, 9999)}"
            locs = [
                rng.choice(LOCATIONS[code]).format(f=rng.randrange(1, 12), n=rng.randrange(1, 20)) for _ in range(3)
            ]
            witnessed = rng.random() < 0.7
            number = (
                HEAT
                if code == "rebar_hrb" and project.pk in heat_projects
                else f"{arrived:%y}{code[:1].upper()}{project.pk:03d}{m}{rng.randrange(100, 999)}"
            )
            if (
                Batch.objects.filter(project=project, batch_number=number).exists()
                or project.status != "under_construction"
            ):
                continue
            doc_lines = [
                f"Product: {code}",
                f"Spec: {spec}",
                f"Batch/heat: {number}",
                f"Quantity: {quantity} {unit}",
                f"Produced: {produced}",
                f"Certificate: {cert_no}",
            ]
            batch = services.batch_register(
                actor=admin,
                project=project,
                material_type=code,
                spec=spec,
                manufacturer=orgs[maker],
                supplier=orgs["supplier1"] if maker == "steel_mill" else None,
                batch_number=number,
                quantity=quantity,
                unit=unit,
                produced_on=produced,
                arrived_on=arrived,
                certificate_number=cert_no,
                certificate=_checked(_document("PRODUCT QUALITY CERTIFICATE", doc_lines), f"合格证-{cert_no}.pdf"),
                factory_report=_checked(_document("FACTORY TEST REPORT", doc_lines), f"出厂检验报告-{number}.pdf"),
            )
            accepted_on = min(arrived + dt.timedelta(days=1), end)
            services.batch_accept(
                actor=supervisor_user[sup_key],
                batch=batch,
                result="accepted",
                accepted_on=accepted_on,
                note="质量证明文件齐全，外观检查合格",
            )
            sampled_on = accepted_on
            sample = services.sample_record(
                actor=supervisor_user[sup_key],
                batch=batch,
                sample_number=f"YP{project.pk:03d}{m}{batch.pk:05d}",
                seal_number=f"FZ{project.pk:03d}{m}{batch.pk:05d}",
                sampled_on=sampled_on,
                sampling_location="材料堆场" if code != "concrete_ready_mix" else "浇筑现场",
                sampler=sampler,
                witness=witness if witnessed or code == "rebar_hrb" else None,
                lab=orgs[lab_key],
                representative_quantity=quantity,
            )
            may_fail = plan.status == "under_construction"  # completed projects must pass the gate at 800
            fail_now = may_fail and code == "cement" and not failed_before_use_done
            fail_later = (
                may_fail and code == "concrete_ready_mix" and failed_before_use_done and not failed_after_use_done
            )
            tested_on = min(sampled_on + dt.timedelta(days=3 if code != "concrete_ready_mix" else 28), end)
            values = {
                "rebar_hrb": {"屈服强度MPa": 445, "抗拉强度MPa": 610, "断后伸长率%": 21},
                "cement": {
                    "3d抗压强度MPa": 24.1 if not fail_now else 15.2,
                    "28d抗压强度MPa": 48.6 if not fail_now else 39.0,
                },
                "concrete_ready_mix": {"28d抗压强度MPa": 41.2 if not fail_later else 29.8},
                "waterproof_sbs": {"拉力N/50mm": 820, "低温柔性℃": -20},
            }[code]
            conclusion = "fail" if (fail_now or fail_later) else "pass"
            report_kwargs = dict(
                actor=lab_user[lab_key],
                sample=sample,
                report_number=f"JC{tested_on:%Y}-{sample.pk:06d}",
                tested_on=tested_on,
                conclusion=conclusion,
                values=values,
                file=_checked(
                    _document("TEST REPORT", [f"Sample {sample.sample_number}", f"Conclusion: {conclusion.upper()}"]),
                    "检测报告.pdf",
                ),
            )
            if not fail_later:
                services.report_record(**report_kwargs)
                failed_before_use_done = failed_before_use_done or fail_now
                if fail_now:
                    continue  # blocked before use: not in use, does not block completion
            for k, loc in enumerate(locs[: 2 if code != "waterproof_sbs" else 1]):
                used_on = min(accepted_on + dt.timedelta(days=3 + 7 * k), end)
                services.usage_record(
                    actor=admin,
                    batch=batch,
                    unit_project=units[(m + k) % len(units)],
                    location=loc,
                    quantity=(quantity / 4).quantize(Decimal("0.001")),
                    used_on=used_on,
                )
            if fail_later:
                services.report_record(**report_kwargs)  # the 28-day cubes fail after the pour
                failed_after_use_done = True


def register() -> None:
    registry.register_demo_step("materials", materials, order=400)
