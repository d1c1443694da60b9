"""The regulators' random spot checks (双随机、一公开) and their roster.

- The roster (执法人员名录库) lists each agency's enforcement staff; only
  people employed by the agency are added, and only entries active on the
  day of a draw can be drawn.
- A draw picks a share of the active (under construction) projects whose
  region code starts with the given prefix, inside the regulator's
  jurisdiction, and `inspectors_per_check` inspectors for each, from the
  recorded seed and pools (inspections.draws): the same seed and pools
  always give the same result.
- The drawn inspectors are notified; the projects are not (a spot check is
  unannounced).
- Results are recorded once per check (items, findings, result). A check
  also becomes an inspection record of kind `spot_check`, signed by the
  drawn inspectors, from which a failed check's rectification notices are
  issued. Results are published SPOT_CHECK_PUBLISH_DELAY_DAYS after the check.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import history
from common.exceptions import Conflict
from inspections import access, draws, rules
from inspections.models import Inspection, Result, RosterInspector, SignerRole, SpotCheck, SpotCheckDraw
from inspections.services._util import collect
from inspections.services.inspections import _create, inspection_snapshot
from projects import access as project_access
from projects.models import Organization, Person, Project, UnitProject, User
from projects.services import notify, notify_project
from projects.services._util import not_in_future


def _agency(actor) -> Organization:
    access.require_regulator(actor)
    if actor.organization_id is None:
        raise PermissionDenied(_("Your account belongs to no supervision agency."))
    return actor.organization


@transaction.atomic
def roster_add(*, actor, person: Person, badge_number: str, joined_on: dt.date | None = None) -> RosterInspector:
    """Put one of the agency's staff on its enforcement roster."""
    agency = _agency(actor)
    joined_on = joined_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if person.employer_id != agency.pk:
        errors["person"] = [_("%(name)s does not work for %(agency)s.") % {"name": person.name, "agency": agency.name}]
    badge_number = (badge_number or "").strip()
    if not badge_number:
        errors["badge_number"] = [_("Give the enforcement certificate number.")]
    elif RosterInspector.objects.filter(agency=agency, badge_number=badge_number).exists():
        errors["badge_number"] = [_("This certificate number is already on the roster.")]
    collect(errors, not_in_future, joined_on, field="joined_on")
    if errors:
        raise ValidationError(errors)
    if RosterInspector.objects.filter(agency=agency, person=person, left_on__isnull=True).exists():
        raise Conflict(_("%(name)s is on the roster already.") % {"name": person.name}, code="roster_exists")
    entry = RosterInspector(agency=agency, person=person, badge_number=badge_number, joined_on=joined_on)
    entry.full_clean()
    entry.save(force_insert=True)
    history.record(actor=actor, action="roster_add", obj=entry, after=history.snapshot(entry))
    return entry


def _clean_share(share) -> Decimal:
    try:
        value = Decimal(str(share))
    except (InvalidOperation, ValueError):
        raise ValidationError({"share": [_("The share is a number between 0 and 1, e.g. 0.1 for 10%.")]}) from None
    if not (0 < value <= 1):
        raise ValidationError({"share": [_("The share is a number between 0 and 1, e.g. 0.1 for 10%.")]})
    return value.quantize(Decimal("0.001"))


@transaction.atomic
def spot_check_draw(
    *, actor, region_code: str, share, inspectors_per_check: int, seed: str = "", drawn_on: dt.date | None = None
) -> SpotCheckDraw:
    """Draw projects and inspectors at random, reproducibly; notify the drawn inspectors."""
    agency = _agency(actor)
    region_code = (region_code or "").strip()
    errors: dict[str, list[str]] = {}
    if not (region_code.isdigit() and len(region_code) in (2, 4, 6)):
        errors["region_code"] = [_("Give 2, 4 or 6 digits of a GB/T 2260 code, e.g. 3301.")]
    share = collect(errors, _clean_share, share)
    try:
        inspectors_per_check = int(inspectors_per_check)
    except (TypeError, ValueError):
        inspectors_per_check = 0
    if not 1 <= inspectors_per_check <= 10:
        errors["inspectors_per_check"] = [_("Between 1 and 10 inspectors per check (usually 2).")]
    seed = (seed or "").strip() or secrets.token_hex(8)
    if len(seed) > 64:
        errors["seed"] = [_("At most 64 characters.")]
    drawn_on = drawn_on or timezone.localdate()
    collect(errors, not_in_future, drawn_on, field="drawn_on")
    if errors:
        raise ValidationError(errors)
    if not actor.is_superuser and not region_code.startswith(actor.jurisdiction):
        raise PermissionDenied(
            _("Region %(code)s is outside your jurisdiction (%(mine)s).")
            % {"code": region_code, "mine": actor.jurisdiction}
        )
    project_pool = sorted(
        Project.objects.filter(
            status=Project.Status.UNDER_CONSTRUCTION, region__code__startswith=region_code
        ).values_list("pk", flat=True)
    )
    inspector_pool = sorted(
        e.pk for e in RosterInspector.objects.filter(agency=agency, joined_on__lte=drawn_on) if e.active_on(drawn_on)
    )
    if not project_pool:
        raise Conflict(
            _("No project is under construction in region %(code)s.") % {"code": region_code}, code="no_projects"
        )
    if len(inspector_pool) < inspectors_per_check:
        raise Conflict(
            _("The roster has %(n)d active inspectors; %(k)d are needed per check.")
            % {"n": len(inspector_pool), "k": inspectors_per_check},
            code="roster_too_small",
        )
    draw = SpotCheckDraw(
        agency=agency,
        region_code=region_code,
        share=share,
        inspectors_per_check=inspectors_per_check,
        seed=seed,
        algorithm=draws.ALGORITHM,
        project_pool=project_pool,
        inspector_pool=inspector_pool,
        drawn_on=drawn_on,
        drawn_by=actor if actor.is_authenticated else None,
    )
    draw.full_clean()
    draw.save(force_insert=True)
    result = draws.draw(seed, project_pool, inspector_pool, share, inspectors_per_check)
    through = SpotCheck.inspectors.through
    links = []
    for position, (project_id, inspector_ids) in enumerate(result, start=1):
        check = SpotCheck.objects.create(draw=draw, project_id=project_id, position=position)
        links += [through(spotcheck_id=check.pk, rosterinspector_id=i) for i in inspector_ids]
    through.objects.bulk_create(links)
    history.record(
        actor=actor,
        action="spot_check_draw",
        obj=draw,
        after=history.snapshot(draw, drawn=[{"project": p, "inspectors": i} for p, i in result]),
    )
    drawn_people = RosterInspector.objects.filter(pk__in={i for _p, ids in result for i in ids}).values("person_id")
    names = dict(Project.objects.filter(pk__in=[p for p, _i in result]).values_list("pk", "name"))
    notify(
        [*User.objects.filter(is_active=True, person_id__in=drawn_people), actor],
        kind="spot_check_drawn",
        title=_("Spot check drawn: %(n)d projects in %(code)s") % {"n": len(result), "code": region_code},
        body="\n".join(names[p] for p, _i in result),
        url=f"/spot-checks/draws/{draw.pk}/",
    )
    return draw


@transaction.atomic
def spot_check_record(
    *,
    actor,
    spot_check: SpotCheck,
    checked_on: dt.date,
    items: list[dict],
    result: str,
    findings: str = "",
    unit_project: UnitProject | None = None,
) -> SpotCheck:
    """Record what the drawn inspectors found; published SPOT_CHECK_PUBLISH_DELAY_DAYS after the check."""
    project = spot_check.project
    access.require_regulator(actor)
    if not project_access.can_on_project(actor, project, "regulate"):
        raise PermissionDenied(_("Only a regulator with jurisdiction over the project records its spot check."))
    check = SpotCheck.objects.select_for_update().select_related("draw", "project").get(pk=spot_check.pk)
    if check.is_recorded:
        raise Conflict(_("This spot check's result is recorded already."), code="spot_check_recorded")
    errors: dict[str, list[str]] = {}
    collect(errors, not_in_future, checked_on, field="checked_on")
    if checked_on and checked_on < check.draw.drawn_on:
        errors.setdefault("checked_on", []).append(_("A check cannot precede its draw."))
    clean_items = []
    for item in items or []:
        if (
            not isinstance(item, dict)
            or not str(item.get("item", "")).strip()
            or item.get("result") not in Result.values
        ):
            errors.setdefault("items", []).append(
                _(
                    'Each item checked needs a name and a result (pass or fail), e.g. {"item": "钢筋保护层", "result": "pass"}.'
                )
            )
            break
        clean_items.append(
            {"item": str(item["item"]).strip()[:200], "result": item["result"], "note": str(item.get("note", ""))[:500]}
        )
    if not clean_items and "items" not in errors:
        errors["items"] = [_("List the items checked.")]
    if result not in Result.values:
        errors["result"] = [_("The result is pass or fail.")]
    elif result == Result.PASS and any(i["result"] == Result.FAIL for i in clean_items):
        errors["result"] = [_("An item failed, so the check cannot pass.")]
    unit = unit_project or project.unit_projects.order_by("name", "id").first()
    if unit is None or unit.project_id != project.pk:
        errors["unit_project"] = [_("Choose a unit project of this project.")]
    if errors:
        raise ValidationError(errors)
    inspectors = list(check.inspectors.select_related("person").order_by("person__name", "id"))
    signers = [
        rules.SignerCheck(e.person, SignerRole.REGULATOR_INSPECTOR, check.draw.agency_id, e.badge_number)
        for e in inspectors
    ]
    inspection = _create(
        actor=actor,
        project=project,
        data={
            "kind": Inspection.Kind.SPOT_CHECK,
            "unit_project": unit,
            "name": _("Spot check (双随机) %(draw)s") % {"draw": check.draw.drawn_on.isoformat()},
            "performed_on": checked_on,
            "result": result,
            "findings": findings,
            "location": "",
            "measured_values": {i["item"]: i["result"] for i in clean_items},
        },
        inspector=None,
        cosigners=(),
        children=(),
        photos=(),
        extra_signers=signers,
    )
    history.record(actor=actor, action="inspection_record", obj=inspection, after=inspection_snapshot(inspection))
    before = history.snapshot(check)
    today = timezone.localdate()
    check.checked_on, check.items, check.findings, check.result = (
        checked_on,
        clean_items,
        (findings or "").strip(),
        result,
    )
    check.inspection, check.recorded_on, check.recorded_by = inspection, today, actor
    # Published a fixed delay after the check itself (一公开): a result recorded late is not held back longer.
    check.publish_on = checked_on + dt.timedelta(days=settings.SPOT_CHECK_PUBLISH_DELAY_DAYS)
    check.full_clean()
    check.save()
    history.record(actor=actor, action="spot_check_record", obj=check, before=before, after=history.snapshot(check))
    notify_project(
        project,
        kind="spot_check_result",
        title=_("Spot check result: %(result)s") % {"result": Result(result).label},
        body=check.findings,
        url=inspection.get_absolute_url(),
    )
    return check
