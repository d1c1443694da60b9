"""Every row of one project, as COPY lines: the project, its unit projects, parties and grants,
leads with their letters, witness authorisations, batches with samples and reports, usages,
inspections with signatures, and defects.

Called once per project with the project's plan (generate.py decides sizes and parties for
the whole province first) and a random generator seeded by (seed, project), so a project's
rows do not depend on the chunk it is written in. Dates are day ordinals; `ctx.day()` turns
them into ISO strings. Rules kept here because the database does not check them all:
tenures of one role never overlap and start before the project does, a departing party
keeps only read access, material is used after it arrived and was accepted, samples are
witnessed under an authorisation valid that day, each record is signed by the people the
inspection rules name for it (the lead on duty for 分部 and 单位工程), and every date is on
or before the as-of day.
"""

from __future__ import annotations

import hashlib
from random import Random

from pgcopy import NULL
from shapes import (
    CATEGORY,
    CONCEALED,
    DEFECT_TEXT,
    DIVISION_DONE_AT,
    DIVISION_NAMES,
    ELEMENT,
    LOTS,
    MAKER_LINE,
    MATERIALS,
    QUANTITY,
    SIDE_STATION,
    SPECS,
    STRUCTURE_TYPES,
    Site,
    lognormal_int,
    person_name,
    project_name,
)

ROLES = ("owner", "surveyor", "designer", "contractor", "supervisor")
#: Chance that a role's lead changes during a party's time on the project (建质〔2014〕124号 Art. 9).
LEAD_CHANGE = {"owner": 0.05, "surveyor": 0.02, "designer": 0.03, "contractor": 0.22, "supervisor": 0.10}
LEAD_CHANGE_REASON = {
    "owner": "建设单位项目负责人岗位调整",
    "surveyor": "勘察项目负责人调离",
    "designer": "设计项目负责人调离",
    "contractor": "原项目经理调往其他项目",
    "supervisor": "原总监理工程师调离",
}
PARTY_PERMS = {
    "owner": ("view_project", "change_project"),
    "surveyor": ("view_project",),
    "designer": ("view_project",),
    "contractor": ("view_project", "change_project"),
    "supervisor": ("view_project", "supervise_project"),
}
#: Materials delivered per pour or per area: their usages are often recorded for the whole element.
POURED = {
    "concrete_ready_mix",
    "concrete_test_block",
    "mortar_ready_mix",
    "mortar_test_block",
    "admixture_expansive",
    "admixture_water_reducer",
    "waterproof_sbs",
    "waterproof_coating",
}
#: Where inside a place a defect shows, by the kind of work there.
DEFECT_SUFFIX = {
    "wetroom": ("地漏周边", "墙根", "管根"),
    "window": ("窗台下", "窗框四周"),
    "exterior": ("窗边", "阴角", "墙面"),
    "roof": ("女儿墙根部", "落水口"),
    "electrical": ("配电箱", "接线盒"),
    "plumbing": ("接口", "检查口"),
}
STRUCTURAL_SUFFIX = ("根部", "板底", "接缝处", "阴角", "表面")
CHANNELS = ("letter", "phone", "visit", "online")


def ts(day: str, hhmm: str = "10:00") -> str:
    return f"{day} {hhmm}:00+08"


class Era:
    """A party's time on the project and the people it put there."""

    __slots__ = ("first", "joined", "last", "left", "org", "party_id", "staff")

    def __init__(self, org, joined: int, left: int | None, party_id: int):
        self.org, self.joined, self.left, self.party_id = org, joined, left, party_id
        self.first = joined
        self.last = left if left is not None else 10**7
        self.staff: dict[str, object] = {}


def era_on(eras: list[Era], day: int) -> Era:
    for era in eras:
        if era.first <= day <= era.last:
            return era
    return eras[-1] if day > eras[-1].last else eras[0]


class ProjectWriter:
    def __init__(self, ctx):
        self.ctx = ctx
        self.out = ctx.copier.buffers
        self.take = ctx.ids.take
        self.day = ctx.days

    # --- helpers --------------------------------------------------------------------------------

    def stored_file(self, rng: Random, day: int, name: str, owner_type: int, owner_id: int) -> str:
        ctx = self.ctx
        n = self.take("common_storedfile")
        fid = f"{ctx.uuid_salt}-0000-4000-8000-{n:012x}"
        digest = hashlib.sha256(f"{ctx.seed}:{n}".encode()).hexdigest()
        iso = self.day(day)
        self.out["common_storedfile"].append(
            f"{fid}\tfiles/{iso[:4]}/{iso[5:7]}/{fid}.pdf\t{name}\tpdf\toriginal\t{rng.randint(60_000, 900_000)}\t"
            f"{digest}\t{rng.randint(1, 3)}\t{ts(iso, '11:00')}\t{owner_type}\t{owner_id}\n"
        )
        return fid

    # --- the project ------------------------------------------------------------------------------

    def write(self, plan) -> None:
        ctx = self.ctx
        out, day, take = self.out, self.day, self.take
        rng = Random(f"{ctx.seed}:{plan.i}")
        as_of = ctx.as_of
        pid = plan.id
        region = ctx.regions[plan.region]
        created = day(plan.created)
        started = plan.started
        year = day(started or plan.created)[:4]
        completed = plan.completed
        lifetime = NULL
        if completed is not None:
            lifetime = ctx.lifetime_end(completed, plan.years)
        status = "completed" if completed else ("under_construction" if started else "registered")
        permit = f"{plan.region}{year}{(plan.i % 12) + 1:02d}{plan.i % 1_000_000:06d}" if started else ""
        out["projects_project"].append(
            f"{pid}\t{year}-{plan.region}-47-01-{plan.i % 1_000_000:06d}\t{project_name(plan.i, region.name)}\t"
            f"{permit}\t{'JD' + plan.region + year + format(plan.i % 1_000_000, '06d') if started else ''}\t"
            f"{region.city_name}{region.name}{ctx.roads[plan.i % len(ctx.roads)]}路{plan.i % 300 + 1}号\t"
            f"{plan.years}\t{status}\t{day(started)}\t{day(completed)}\t{lifetime}\t{ts(created, '09:00')}\t"
            f"{plan.owner.id}\t{plan.region}\n"
        )

        # Unit projects.
        units = []
        for k, (floors, basements) in enumerate(plan.units, start=1):
            uid = take("projects_unitproject")
            units.append((uid, f"{k}号楼", floors, basements))
            out["projects_unitproject"].append(
                f"{uid}\t{k}号楼\t{STRUCTURE_TYPES[(plan.i + k) % len(STRUCTURE_TYPES)]}\t{floors}\t{basements}\t"
                f"{floors * rng.randint(350, 1600)}.00\t{ts(created, '09:30')}\t{pid}\n"
            )

        # Parties, eras and the object permissions of their organisations' groups.
        first_join = min(plan.created + rng.randint(1, 20), as_of)
        eras: dict[str, list[Era]] = {}
        for role in ROLES:
            orgs = plan.parties[role]  # [(org, from_day or None)]
            role_eras = []
            for k, (org, since) in enumerate(orgs):
                joined = first_join if since is None else since
                left = orgs[k + 1][1] - 1 if k + 1 < len(orgs) else None
                party_id = take("projects_participant")
                reason = "合同解除，更换单位" if left is not None else ""
                out["projects_participant"].append(
                    f"{party_id}\t{role}\tHT-{pid}-{role}-{k + 1}\t{day(joined)}\t{day(left)}\t{reason}\t"
                    f"{ts(day(joined))}\t{NULL}\t{org.id}\t{pid}\n"
                )
                role_eras.append(Era(org, joined, left, party_id))
            eras[role] = role_eras
        grants = {(plan.owner.group_id, "view_project"), (plan.owner.group_id, "change_project")}
        for role, role_eras in eras.items():
            for era in role_eras:
                for codename in PARTY_PERMS[role] if era.left is None else ("view_project",):
                    grants.add((era.org.group_id, codename))
        for group_id, codename in sorted(grants):
            out["projects_projectgroupobjectpermission"].append(
                f"{take('projects_projectgroupobjectpermission')}\t{pid}\t{group_id}\t{ctx.perms[codename]}\n"
            )

        # Staff each party puts on the project.
        for era in eras["contractor"]:
            org = era.org
            era.staff = {
                "qi": org.staff_person(rng),
                "tech": org.registered_person(rng),
                "sampler": org.staff_person(rng),
            }
        for era in eras["supervisor"]:
            era.staff = {"engineers": [era.org.registered_person(rng), era.org.registered_person(rng)]}

        # Leads: a chain per role and era; first leads start before the project does.
        end_of_work = completed or as_of
        leads: dict[str, list[tuple]] = {}
        for role in ROLES:
            chain = []
            for k, era in enumerate(eras[role]):
                start = min(era.joined + (rng.randint(0, 15) if k == 0 else 0), as_of)
                if k == 0 and started is not None:
                    start = min(start, started)
                stop = era.left
                people = [era.org.lead_person(rng, role)]
                changes = []
                horizon = (stop if stop is not None else end_of_work) - 30
                if rng.random() < LEAD_CHANGE[role] and horizon - (start + 60) > 30:
                    changes.append(rng.randint(start + 60, horizon))
                    people.append(era.org.lead_person(rng, role))
                bounds = [start, *changes]
                for j, person in enumerate(people):
                    lead_start = bounds[j]
                    lead_end = bounds[j + 1] - 1 if j + 1 < len(bounds) else stop
                    reason = (LEAD_CHANGE_REASON[role] if j + 1 < len(bounds) else "更换单位") if lead_end else ""
                    chain.append((lead_start, lead_end, person, era, reason))
            leads[role] = [self.lead_row(rng, plan, role, *entry) for entry in chain]

        # Witness authorisations: one supervising engineer per supervisor era (211号).
        witness: list[tuple[int, int, int, int]] = []  # (from, to, auth id, person id)
        for era in eras["supervisor"]:
            person = era.staff["engineers"][0]
            auth_id = take("materials_witnessauthorization")
            revoke_reason = "监理单位更换" if era.left is not None else ""
            out["materials_witnessauthorization"].append(
                f"{auth_id}\tsupervisor\t{day(era.joined)}\t{day(era.left)}\t{revoke_reason}\t{ts(day(era.joined))}\t"
                f"{plan.owner.user_id}\t{era.org.id}\t{person.id}\t{pid}\n"
            )
            witness.append((era.joined, era.left if era.left is not None else 10**7, auth_id, person.id))

        recorded: dict[int, list[tuple[str, str]]] = {u[0]: [] for u in units}
        if started is not None and (plan.n_usages or plan.n_insp):
            windows = self.unit_windows(rng, plan, units)
            self.materials(rng, plan, units, windows, eras, witness, recorded)
            self.inspections(rng, plan, units, windows, eras, leads, recorded)
        self.defects(rng, plan, units, recorded)

    # --- leads ------------------------------------------------------------------------------------

    def lead_row(self, rng, plan, role, start, end, person, era, reason):
        ctx, out, day, take = self.ctx, self.out, self.day, self.take
        lead_id = take("responsibility_lead")
        letter = self.stored_file(rng, start, "法定代表人授权书.pdf", ctx.ct_lead, lead_id)
        commitment, committed = NULL, NULL
        if rng.random() < 0.93:
            committed_day = min(start + rng.randint(0, 3), ctx.as_of)
            commitment = self.stored_file(rng, committed_day, "工程质量终身责任承诺书.pdf", ctx.ct_lead, lead_id)
            committed = day(committed_day)
        reg_id, reg_number = person.registration()
        corrects = NULL
        if role == "contractor" and rng.random() < 0.005:
            # An entry made with the wrong person, corrected by this one (the wrong row stays).
            wrong = take("responsibility_lead")
            other = era.org.lead_person(rng, role)
            wrong_reg, wrong_number = other.registration()
            wrong_letter = self.stored_file(rng, start, "法定代表人授权书.pdf", ctx.ct_lead, wrong)
            out["responsibility_lead"].append(
                f"{wrong}\t{role}\t{wrong_number}\t{day(start)}\t{day(end)}\t{reason}\t{NULL}\t\t"
                f"{ts(day(min(start + 3, ctx.as_of)), '16:00')}\t{ts(day(start))}\t{wrong_letter}\t{NULL}\t{NULL}\t"
                f"{era.org.id}\t{era.party_id}\t{other.id}\t{plan.id}\t{wrong_reg}\n"
            )
            corrects = wrong
        out["responsibility_lead"].append(
            f"{lead_id}\t{role}\t{reg_number}\t{day(start)}\t{day(end)}\t{reason}\t{committed}\t"
            f"{'录入人员错误，更正为实际任命人员' if corrects != NULL else ''}\t{NULL}\t{ts(day(start))}\t{letter}\t"
            f"{commitment}\t{corrects}\t{era.org.id}\t{era.party_id}\t{person.id}\t{plan.id}\t{reg_id}\n"
        )
        return (start, end if end is not None else 10**7, person, era.org, reg_number)

    @staticmethod
    def lead_on(chain, day):
        for start, end, person, org, number in chain:
            if start <= day <= end:
                return person, org, number
        start, end, person, org, number = chain[-1] if day > chain[-1][1] else chain[0]
        return person, org, number

    # --- construction windows ---------------------------------------------------------------------

    def unit_windows(self, rng, plan, units):
        """Per unit: (first day, last day of the planned window, progress by the as-of day)."""
        span = plan.planned_end - plan.started
        windows = {}
        for uid, _name, _floors, _basements in units:
            first = plan.started + int(rng.random() * 0.15 * span)
            last = plan.planned_end - int(rng.random() * 0.04 * span)
            # A unit not yet begun by the as-of day still has its site preparation (dates are capped).
            progress = 1.0 if plan.completed else max(0.02, min(1.0, (self.ctx.as_of - first) / (last - first)))
            windows[uid] = (first, last, progress)
        return windows

    @staticmethod
    def split(total: int, weights: list[float]) -> list[int]:
        """Integers proportional to `weights` that add up to `total`."""
        whole = sum(weights)
        if total <= 0 or whole <= 0:
            return [0] * len(weights)
        out, acc, done = [], 0.0, 0
        for w in weights:
            acc += w
            upto = round(total * acc / whole)
            out.append(upto - done)
            done = upto
        return out

    # --- batches, samples, reports, usages --------------------------------------------------------

    def materials(self, rng, plan, units, windows, eras, witness, recorded):
        ctx, out = self.ctx, self.out
        as_of = ctx.as_of
        weights = [(f + 1.5 * b + 3) * windows[uid][2] for uid, _n, f, b in units]
        items = []  # (material, day, unit id, location)
        for (uid, _name, floors, basements), n in zip(units, self.split(plan.n_usages, weights), strict=True):
            if not n:
                continue
            first, last, progress = windows[uid]
            span = last - first
            site = Site(Random(f"{ctx.seed}:{plan.i}:{uid}"), floors, basements)
            paths = recorded[uid]
            for _ in range(n):
                w = site.work(rng, progress)
                material = MATERIALS[w.kind].pick(rng)
                location = w.element if material in POURED and rng.random() < 0.5 else w.path
                items.append((material, min(first + int(w.t * span), as_of), uid, location, w.kind))
                paths.append((location, w.kind))
        items.sort()
        usage_rows = out["materials_usage"]
        k = 0
        while k < len(items):
            material = items[k][0]
            size = lognormal_int(rng, 8, 0.8, 1, 60)
            group = [items[k]]
            k += 1
            while k < len(items) and len(group) < size and items[k][0] == material:
                group.append(items[k])
                k += 1
            self.batch(rng, plan, material, group, eras, witness, usage_rows)
        # Deliveries refused at the gate, and (on live sites) deliveries not yet accepted: no usages.
        for _ in range(int(len(items) / 150 + rng.random())):
            material = items[rng.randrange(len(items))][0] if items else "rebar_hrb"
            arrived = min(plan.started + rng.randint(10, max(11, (plan.completed or as_of) - plan.started)), as_of)
            rejected = plan.completed is not None or rng.random() < 0.6
            self.batch_row(rng, plan, material, arrived, "1.000", "rejected" if rejected else "arrived", eras)

    def batch_row(self, rng, plan, material, arrived, quantity, status, eras, *, accepted=None):
        ctx, out, day, take = self.ctx, self.out, self.day, self.take
        mt = ctx.material[material]
        bid = take("materials_batch")
        maker = ctx.makers[MAKER_LINE[material]].pick(rng)
        produced = arrived if material in POURED else arrived - rng.randint(1, 40)
        iso = day(arrived)
        number = f"{iso[2:4]}{'ABCDEFGHJK'[bid % 10]}{(bid * 7919) % 100000:05d}"
        if rng.random() < 0.85:
            cert_number = f"ZS{iso[:4]}{bid % 10_000_000:07d}"
            cert = self.stored_file(rng, arrived, "产品合格证.pdf", ctx.ct_batch, bid)
        else:
            cert_number, cert = "", NULL
        if status == "arrived":
            accepted_on, accepted_at, signed_by = NULL, NULL, ""
        else:
            accepted_day = day(accepted if accepted is not None else arrived)
            signer = era_on(eras["supervisor"], arrived).staff["engineers"][0]
            accepted_on, accepted_at, signed_by = accepted_day, ts(accepted_day, "15:00"), signer.name
        note = "外观、规格与质量证明文件相符" if status != "rejected" else "质量证明文件与实物不符，退场"
        out["materials_batch"].append(
            f"{bid}\t{SPECS[material][bid % len(SPECS[material])]}\t{number}\t{number}\t{quantity}\t{mt[2]}\t"
            f"{day(produced)}\t{iso}\t{cert_number}\t{status}\t{signed_by}\t{accepted_on}\t{accepted_at}\t{note}\t"
            f"{ts(iso, '08:30')}\t{cert}\t{maker.id}\t{plan.id}\t{mt[0]}\n"
        )
        return bid

    def batch(self, rng, plan, material, group, eras, witness, usage_rows):
        ctx, out, day, take = self.ctx, self.out, self.day, self.take
        as_of = ctx.as_of
        first_use = group[0][1]
        arrived = max(first_use - rng.randint(1, 10), plan.created)
        lo, hi = QUANTITY[(group[0][4], material)]
        quantities = [lo + (hi - lo) * rng.random() for _ in group]
        total = min(sum(quantities) * rng.uniform(1.02, 1.3), 999_999)
        r = rng.random()
        status = "failed" if r < 0.006 else ("quarantined" if r < 0.008 else "accepted")
        bid = self.batch_row(
            rng, plan, material, arrived, f"{total:.3f}", status, eras, accepted=min(arrived + 1, first_use)
        )
        pid = plan.id
        for (_m, used, uid, location, _kind), q in zip(group, quantities, strict=True):
            used_iso = day(used)
            withdrawn, reason = NULL, ""
            if rng.random() < 0.001 and used + 30 <= as_of:
                withdrawn, reason = day(used + rng.randint(1, 30)), "材料退场，返工拆除"
            usage_rows.append(
                f"{take('materials_usage')}\t{location}\t{location}/\t{q:.3f}\t{used_iso}\t{ts(used_iso, '18:00')}\t"
                f"{withdrawn}\t{reason}\t{bid}\t{pid}\t{uid}\n"
            )
        # Samples sent to a lab (witnessed for the 211号 list), with the lab's report.
        mt = ctx.material[material]
        required = mt[1]
        n_samples = (1 + (rng.random() < 0.25)) if required else (1 if rng.random() < 0.3 else 0)
        for s in range(n_samples):
            sampled = arrived + rng.randint(0, 2)
            if sampled > as_of:
                break
            sid = take("materials_sample")
            auth, witness_id = NULL, NULL
            if rng.random() < (0.95 if required else 0.2):
                for since, until, auth_id, person_id in witness:
                    if since <= sampled <= until:
                        auth, witness_id = auth_id, person_id
                        break
            lab = ctx.labs.pick(rng)
            sampler = era_on(eras["contractor"], sampled).staff["sampler"]
            iso = day(sampled)
            out["materials_sample"].append(
                f"{sid}\tYP{sid:010d}\tFT{sid:010d}\t{iso}\t现场取样\t{total:.3f}\t{ts(iso, '11:00')}\t{bid}\t"
                f"{lab.id}\t{pid}\t{sampler.id}\t{witness_id}\t{auth}\n"
            )
            tested = sampled + (28 if material.endswith("test_block") else rng.randint(2, 7))
            if tested > as_of:
                continue
            conclusion = "fail" if status == "failed" and s == 0 else "pass"
            tiso = day(tested)
            rid = take("materials_testreport")
            out["materials_testreport"].append(
                f"{rid}\tBG{tiso[2:4]}{rid:09d}\t{tiso}\t{conclusion}\t{{}}\t\t{ts(tiso, '16:00')}\t{lab.id}\t{sid}\n"
            )

    # --- inspections ------------------------------------------------------------------------------

    def inspections(self, rng, plan, units, windows, eras, leads, recorded):
        weights = [((f + 1.5 * b + 3) * windows[uid][2]) ** 0.9 for uid, _n, f, b in units]
        for unit, n in zip(units, self.split(plan.n_insp, weights), strict=True):
            if n:
                self.unit_inspections(rng, plan, unit, windows[unit[0]], n, eras, leads, recorded[unit[0]])

    def unit_inspections(self, rng, plan, unit, window, n, eras, leads, paths):
        ctx, take = self.ctx, self.take
        as_of = ctx.as_of
        uid, unit_name, floors, basements = unit
        first, last, progress = window
        span = last - first
        site = Site(Random(f"{ctx.seed}:{plan.i}:{uid}"), floors, basements)
        small = n < 12
        lots = []  # (day, kind, floor, element, location, process, sub-item, division)
        for _ in range(n if small else int(n * 0.84)):
            w = site.work(rng, progress)
            process, sub, division = LOTS[w.kind][int(rng.random() * len(LOTS[w.kind]))]
            location = w.path if w.kind in ("pile", "cap") or rng.random() < 0.35 else w.element
            lots.append(
                (min(first + int(w.t * span), as_of), w.kind, w.floor, w.element, location, process, sub, division)
            )
        lots.sort()
        completed = plan.completed is not None
        subs: dict[tuple[str, str], list] = {}
        if not small:
            for lot in lots:
                if completed or DIVISION_DONE_AT[lot[7]] <= progress:
                    subs.setdefault((lot[6], lot[7]), []).append(lot)
            divisions = sorted({d for _s, d in subs})
            n_high = len(subs) + len(divisions) + completed
            if n_high > 0.5 * n:  # too few records for a GB 50300 tree: lots only
                subs, divisions, n_high = {}, [], 0
        else:
            divisions, n_high = [], 0
        lots = lots[: max(0, n - n_high)]
        rest = n - len(lots) - n_high
        poured = [lot for lot in lots if lot[1] in SIDE_STATION]
        side = int(rest * 0.25) if poured else 0
        concealed = int(rest * 0.6) if any(lot[1] in CONCEALED for lot in lots) else 0
        patrols = rest - side - concealed

        ua_day = None
        ua_id = div_ids = None
        if n_high:
            ua_id = take("inspections_inspection") if completed else None
            div_ids = {d: take("inspections_inspection") for d in divisions}
        sub_ids = {key: take("inspections_inspection") for key in subs}
        # Higher levels: dated after their lots, before the unit acceptance, never after the as-of day.
        ceiling = (plan.completed - 1) if completed else as_of
        sub_days = {
            key: min(max(lot[0] for lot in members) + rng.randint(1, 5), ceiling) for key, members in subs.items()
        }
        div_days = {}
        for (_sub, division), d in sub_days.items():
            div_days[division] = max(div_days.get(division, 0), d)
        div_days = {d: min(v + rng.randint(1, 7), ceiling) for d, v in div_days.items()}
        if ua_id is not None:
            ua_day = max([plan.completed - rng.randint(1, 10), *div_days.values()])
            ua_day = min(ua_day, plan.completed)
            self.record(
                rng,
                plan,
                uid,
                ua_id,
                "unit_acceptance",
                f"{unit_name}单位工程质量竣工验收",
                "",
                "",
                ua_day,
                None,
                eras,
                leads,
                "unit_acceptance",
            )
        for division in divisions:
            self.record(
                rng,
                plan,
                uid,
                div_ids[division],
                "division",
                f"{DIVISION_NAMES[division]}分部工程",
                division,
                "",
                div_days[division],
                ua_id,
                eras,
                leads,
                "division",
            )
        for (sub, division), sid in sub_ids.items():
            self.record(
                rng,
                plan,
                uid,
                sid,
                "sub_item",
                f"{sub}分项工程",
                "",
                "",
                sub_days[(sub, division)],
                div_ids[division] if div_ids else None,
                eras,
                leads,
                "sub_item",
            )
        for lot in lots:
            lot_day, kind, floor, element, location, process, sub, division = lot
            parent = sub_ids.get((sub, division))
            name = f"{floor}{ELEMENT[kind]}{process}检验批"
            iid = take("inspections_inspection")
            if patrols > 0 and rng.random() < 0.004:
                # Recorded wrongly, then corrected by a new record that takes its place (both stay).
                patrols -= 1
                fixed = take("inspections_inspection")
                self.record(
                    rng,
                    plan,
                    uid,
                    iid,
                    "inspection_lot",
                    name,
                    "",
                    location,
                    lot_day,
                    parent,
                    eras,
                    leads,
                    "lot",
                    corrected_on=min(lot_day + 2, as_of),
                )
                self.record(
                    rng,
                    plan,
                    uid,
                    fixed,
                    "inspection_lot",
                    name,
                    "",
                    location,
                    lot_day,
                    parent,
                    eras,
                    leads,
                    "lot",
                    corrects=iid,
                )
            else:
                self.record(
                    rng, plan, uid, iid, "inspection_lot", name, "", location, lot_day, parent, eras, leads, "lot"
                )
            paths.append((location, kind))
        coverable = [lot for lot in lots if lot[1] in CONCEALED] if concealed else []
        for _ in range(concealed):
            lot = coverable[int(rng.random() * len(coverable))]
            lot_day, kind, floor, element, location = lot[:5]
            where = location if rng.random() < 0.3 else element
            self.record(
                rng,
                plan,
                uid,
                take("inspections_inspection"),
                "concealed_works",
                f"{element}隐蔽工程验收",
                "",
                where,
                max(lot_day - 1, first),
                None,
                eras,
                leads,
                "concealed",
            )
            paths.append((where, kind))
        for _ in range(side):
            lot = poured[int(rng.random() * len(poured))]
            lot_day, kind, floor, element, location = lot[:5]
            self.record(
                rng,
                plan,
                uid,
                take("inspections_inspection"),
                "side_station",
                f"{element}混凝土浇筑旁站",
                "",
                element,
                lot_day,
                None,
                eras,
                leads,
                "side_station",
                key_process=SIDE_STATION[kind],
            )
            paths.append((element, kind))
        for _ in range(patrols):
            w = site.work(rng, progress)
            self.record(
                rng,
                plan,
                uid,
                take("inspections_inspection"),
                "patrol",
                f"{w.floor}巡视检查",
                "",
                w.floor,
                min(first + int(w.t * span), as_of),
                None,
                eras,
                leads,
                "patrol",
            )

    def record(
        self,
        rng,
        plan,
        uid,
        iid,
        kind,
        name,
        division,
        location,
        when,
        parent,
        eras,
        leads,
        level,
        *,
        key_process="",
        corrected_on=None,
        corrects=None,
    ):
        out, day, take = self.out, self.day, self.take
        iso = day(when)
        supervisor = era_on(eras["supervisor"], when)
        contractor = era_on(eras["contractor"], when)
        signers = []  # (role, person, org, registration number)
        if level in ("division", "unit_acceptance"):
            chief, chief_org, chief_number = self.lead_on(leads["supervisor"], when)
            signers.append(("chief_supervisor", chief, chief_org, chief_number))
            capacities = [("contractor_lead", "contractor")]
            if level == "unit_acceptance":
                capacities = [
                    ("owner_lead", "owner"),
                    *capacities,
                    ("design_lead", "designer"),
                    ("survey_lead", "surveyor"),
                ]
            elif division == "foundation":
                capacities += [("survey_lead", "surveyor"), ("design_lead", "designer")]
            elif division in ("main_structure", "energy"):
                capacities += [("design_lead", "designer")]
            for capacity, role in capacities:
                person, org, number = self.lead_on(leads[role], when)
                signers.append((capacity, person, org, number))
        else:
            engineer = supervisor.staff["engineers"][int(rng.random() * 2)]
            signers.append(("discipline_supervisor", engineer, supervisor.org, engineer.registration()[1]))
            if level in ("lot", "concealed", "side_station"):
                signers.append(("contractor_quality_inspector", contractor.staff["qi"], contractor.org, ""))
            elif level == "sub_item":
                tech = contractor.staff["tech"]
                signers.append(("contractor_technical_lead", tech, contractor.org, tech.registration()[1]))
        inspector = signers[0][1]
        notice = started_at = NULL
        if kind == "side_station":
            notice, started_at = ts(day(when - 2), "09:00"), ts(iso, "08:00")
        result = "fail" if level == "lot" and rng.random() < 0.012 else "pass"
        key = f"{location}/" if location else ""
        out["inspections_inspection"].append(
            f"{iid}\t{kind}\t{name}\t{division}\t{location}\t{key}\t{iso}\t{result}\t\t{{}}\t{key_process}\t{notice}\t"
            f"{started_at}\t{'检验批容量录入错误，更正' if corrects else ''}\t"
            f"{ts(day(corrected_on), '16:00') if corrected_on else NULL}\t{ts(iso, '17:00')}\t"
            f"{corrects if corrects else NULL}\t{inspector.id}\t{parent if parent else NULL}\t{plan.id}\t{uid}\n"
        )
        sig = out["inspections_signature"]
        for role, person, org, number in signers:
            sig.append(f"{take('inspections_signature')}\t{role}\t{number}\t{iso}\t{iid}\t{org.id}\t{person.id}\n")

    # --- defects ----------------------------------------------------------------------------------

    @staticmethod
    def suffix(rng, kind: str) -> str:
        choices = DEFECT_SUFFIX.get(kind, STRUCTURAL_SUFFIX)
        return choices[int(rng.random() * len(choices))]

    def defects(self, rng, plan, units, recorded):
        ctx, out, day, take = self.ctx, self.out, self.day, self.take
        as_of = ctx.as_of
        for _ in range(plan.n_defects):
            uid, _name, floors, basements = units[int(rng.random() * len(units))]
            paths = recorded[uid]
            r = rng.random()
            kind_of_place = None
            if r < 0.02:
                uid, location = None, ""
            elif r < 0.10:
                location = ""
            elif paths and r < 0.55:
                location, kind_of_place = paths[int(rng.random() * len(paths))]
            elif paths and r < 0.67:
                location, kind_of_place = paths[int(rng.random() * len(paths))]
                location = f"{location}/{self.suffix(rng, kind_of_place)}"
            elif paths and r < 0.77:
                location, kind_of_place = paths[int(rng.random() * len(paths))]
                location = location.rsplit("/", 1)[0]
            else:
                # A place the registry may know nothing about (finishing work, a room never recorded).
                w = Site(Random(f"{ctx.seed}:{plan.i}:{uid}"), floors, basements).work(rng, 1.0)
                location, kind_of_place = w.path, w.kind
                if rng.random() < 0.5:
                    location = f"{location}/{self.suffix(rng, kind_of_place)}"
            category = CATEGORY[kind_of_place] if kind_of_place else ctx.loose_categories.pick(rng)
            if plan.completed is not None:
                discovered = plan.completed + rng.randint(10, max(10, min(as_of - plan.completed, 8 * 365)))
            else:
                discovered = plan.started + rng.randint(30, max(30, as_of - plan.started))
            discovered = min(discovered, as_of)
            iso = day(discovered)
            r = rng.random()
            kind = "accident" if r < 0.02 else ("complaint" if r < 0.2 else "defect")
            severity = "critical" if kind == "accident" else ("serious" if rng.random() < 0.55 else "minor")
            if kind != "accident" and category in ("foundation", "main_structure") and rng.random() < 0.3:
                severity = "critical"
            complainant = contact = channel = ""
            occurred = deaths = injuries = loss = reported_at = NULL
            grade = ""
            if kind == "complaint":
                complainant, contact = (
                    f"业主{person_name(rng.randint(1, 10**6))}",
                    f"138{rng.randint(0, 10**8 - 1):08d}",
                )
                channel = CHANNELS[int(rng.random() * 4)]
            elif kind == "accident":
                d, i, money = (
                    (rng.random() < 0.2) * rng.randint(1, 3),
                    rng.randint(0, 6),
                    rng.randint(50_000, 8_000_000),
                )
                occurred, deaths, injuries, loss = ts(iso, "09:30"), d, i, f"{money}.00"
                grade = ctx.accident_grade(d, i, money)
                reported_at = ts(iso, "10:30")
            resolved, resolution, status = NULL, "", "open"
            if discovered + 60 < as_of and rng.random() < 0.45:
                status, resolved = "resolved", day(min(discovered + rng.randint(10, 120), as_of))
                resolution = "责任单位已按方案完成返修，经复查合格"
            texts = DEFECT_TEXT[category]
            if rng.random() < 0.7:
                reporter = ctx.regulator_for(plan.region)
            else:
                reporter = plan.owner
            out["responsibility_defect"].append(
                f"{take('responsibility_defect')}\t{location}\t{kind}\t{category}\t{iso}\t"
                f"{texts[int(rng.random() * len(texts))]}\t{severity}\t{status}\t{resolved}\t{resolution}\t"
                f"{complainant}\t{contact}\t{channel}\t{occurred}\t{deaths}\t{injuries}\t{loss}\t{grade}\t"
                f"{reported_at}\t{ts(iso, '14:00')}\t{plan.id}\t{reporter.user_id}\t{reporter.id}\t"
                f"{uid if uid is not None else NULL}\n"
            )
