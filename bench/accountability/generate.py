"""Province-scale data for the accountability benchmark: a deterministic generator (PostgreSQL COPY).

    mkdir -p /tmp/bench6 && PGPORT=54336 TMPDIR=/tmp/bench6 .ci/pg-up.sh      # prints DATABASE_URL=...
    export DJANGO_SETTINGS_MODULE=config.settings_test DATABASE_URL=postgres://registry:registry@127.0.0.1:54336/registry
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/accountability/generate.py --projects 100000 --usages 10000000 --inspections 5000000 [--seed 6]

Fills a freshly migrated database with one province (Zhejiang, the GB/T 2260 county codes of
`projects.Region` under 33) as the registry would hold it after years of use. The shape is in
docs/benchmarks/accountability.md; in short:

- organisations of every kind (owners, contractors, supervisors, designers, surveyors, labs,
  manufacturers by product line, and a quality-supervision agency per province, city and
  county), each with its auth group; the number of projects per firm follows a Zipf law, so
  the biggest contractor works on ~1 % of the province's projects;
- people with encrypted ID numbers (common.crypto, as Person.set_id_number) and the practice
  registrations their role needs; one account per organisation, plus `bench-regulator`
  (jurisdiction 33) and `bench-firm` (the biggest contractor) with API tokens;
- projects across the counties, registered, under construction or completed (2012 to the
  as-of day), each with 1-24 unit projects, its five parties (the contractor replaced
  mid-project on ~8 %, the supervisor on ~3 %), the guardian object permissions of their
  groups (direct-FK table), and leads with tenures, letters and commitments (the contractor's
  project manager changed on ~22 %, a few entries corrected);
- batches (with certificates), witnessed samples and lab reports, usages at location paths
  (`5F/柱/C-3`, `基础/桩/ZH-12`, `屋面/防水层/2区`) and inspections of every kind (lots,
  sub-items, divisions, unit acceptance, concealed works, side-station, patrols, a few
  corrected) with the signatures the inspection rules ask for, dated along each unit's
  construction (foundation, structure floor by floor, roof, finishing);
- defects, complaints and accidents on completed and live projects, at recorded places,
  inside or above them, at places nothing was recorded, on whole units and whole projects.

Usages and inspections are spread over the projects in proportion to their size and
progress. Rows are streamed project by project (a random generator per project, seeded by
--seed and the project number, so the data do not depend on the chunk size) and sent with
COPY, one transaction per chunk. Every constraint of the schema stays on (foreign keys,
checks, unique and exclusion constraints); ids are assigned here so rows can reference each
other, and the sequences are moved past them at the end. Then VACUUM ANALYZE (what
autovacuum would do on a live database), table sizes, and a check of a sample of rows of
every model with full_clean().
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import queue
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402
import psycopg  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from pgcopy import COLUMNS, NULL, Copier, Days, Ids, copy_tables, text  # noqa: E402
from projectrows import ROLES, ProjectWriter, ts  # noqa: E402
from shapes import MAKER_SHARE, Picker, org_name, person_name  # noqa: E402
from tqdm import tqdm  # noqa: E402

from common import crypto  # noqa: E402
from common.identifiers import make_id_number, make_uscc, mask_id_number  # noqa: E402

AS_OF = dt.date(2026, 10, 31)
FIRST_START = dt.date(2012, 1, 1)
#: Share of the province's building by city (roughly by population and construction volume).
CITY_WEIGHT = {
    "3301": 22,
    "3302": 16,
    "3303": 13,
    "3304": 8,
    "3305": 5,
    "3306": 8,
    "3307": 10,
    "3308": 3,
    "3309": 2,
    "3310": 9,
    "3311": 4,
}
#: Organisations per 100 projects, and how flat the Zipf law of their project counts is (offset).
FIRMS = {
    "owner": (30.0, 10),
    "contractor": (6.0, 20),
    "supervisor": (1.2, 10),
    "designer": (1.5, 10),
    "surveyor": (0.6, 10),
    "lab": (0.3, 5),
    "manufacturer": (2.0, 5),
}
ROADS = (
    "文三",
    "天目山",
    "延安",
    "解放",
    "人民",
    "中山",
    "建设",
    "学院",
    "凤起",
    "环城",
    "滨江",
    "江南",
    "湖滨",
    "新华",
)
USER_ROLE = {
    "owner": "firm",
    "contractor": "firm",
    "designer": "firm",
    "surveyor": "firm",
    "supervisor": "supervisor",
    "lab": "lab",
    "regulator": "regulator",
}
REGISTRATION = {
    "contractor": lambda pid: (
        ("constructor_1", f"浙133{pid:09d}") if pid % 5 < 3 else ("constructor_2", f"浙233{pid:09d}")
    ),
    "supervisor": lambda pid: ("supervising_engineer", f"33{pid:08d}"),
    "designer": lambda pid: ("architect_1", f"ZJA{pid:08d}") if pid % 2 else ("structural_engineer_1", f"ZJS{pid:08d}"),
    "surveyor": lambda pid: ("geotechnical_engineer", f"ZJY{pid:08d}"),
}


@dataclass(slots=True)
class Region:
    code: str
    name: str
    city_name: str


class Person:
    __slots__ = ("id", "number", "reg_id")

    def __init__(self, pid: int, reg_id=None, number: str = ""):
        self.id, self.reg_id, self.number = pid, reg_id, number

    @property
    def name(self) -> str:
        return person_name(self.id)

    def registration(self) -> tuple:
        return (self.reg_id if self.reg_id is not None else NULL), self.number


class Org:
    __slots__ = (
        "group_id",
        "id",
        "kind",
        "line",
        "n_projects",
        "reg_first",
        "reg_n",
        "reg_rid",
        "region",
        "staff_first",
        "staff_n",
        "user_id",
    )

    def __init__(self, oid: int, kind: str, region: str):
        self.id, self.kind, self.region = oid, kind, region
        self.n_projects = 0
        self.reg_first = self.reg_n = self.reg_rid = self.staff_first = self.staff_n = 0
        self.group_id = self.user_id = None
        self.line = ""

    def staff_person(self, rng) -> Person:
        return Person(self.staff_first + int(rng.random() * self.staff_n))

    def registered_person(self, rng) -> Person:
        pid = self.reg_first + int(rng.random() * self.reg_n)
        return Person(pid, self.reg_rid + pid - self.reg_first, REGISTRATION[self.kind](pid)[1])

    def lead_person(self, rng, role: str) -> Person:
        return self.staff_person(rng) if role == "owner" else self.registered_person(rng)


@dataclass(slots=True)
class Plan:
    i: int
    id: int
    region: str
    created: int
    started: int | None
    planned_end: int | None
    completed: int | None
    years: int
    units: list
    owner: Org
    parties: dict = field(default_factory=dict)
    weight: float = 0.0
    n_usages: int = 0
    n_insp: int = 0
    n_defects: int = 0


def zipf(orgs: list[Org], offset: int, s: float = 1.0) -> Picker:
    return Picker(orgs, [1 / (rank + offset) ** s for rank in range(len(orgs))])


def allocate(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to the weights, adding up to `total` exactly (cumulative rounding)."""
    whole = sum(weights)
    out, acc, done = [], 0.0, 0
    for w in weights:
        acc += w
        upto = round(total * acc / whole) if whole else 0
        out.append(upto - done)
        done = upto
    return out


class Generator:
    def __init__(self, args):
        self.args = args
        self.seed = args.seed
        self.as_of = AS_OF.toordinal()
        self.days = Days()
        self.uuid_salt = f"{args.seed % 16**8:08x}"
        self.roads = ROADS
        raw = connection.connection
        self.copier = Copier(raw)
        self.timings: dict[str, float] = {}

    # --- reference data ---------------------------------------------------------------------------

    def load_reference(self) -> None:
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        from materials.models import MaterialType
        from projects.models import Region as RegionModel
        from responsibility.accidents import accident_grade

        rows = {r.code: r for r in RegionModel.objects.filter(code__startswith="33", valid_until__isnull=True)}
        self.regions = {}
        for code, r in rows.items():
            if r.level == "county" and not code.endswith("01"):
                city = rows.get(code[:4] + "00")
                self.regions[code] = Region(code, text(r.name), text(city.name if city else ""))
        self.cities = sorted({code[:4] for code in self.regions})
        counties = sorted(self.regions)
        weights = []
        for code in counties:
            in_city = sum(1 for c in counties if c[:4] == code[:4])
            urban = 1.6 if code[4:6] < "20" else 1.0
            weights.append(CITY_WEIGHT.get(code[:4], 3) / in_city * urban)
        self.county_picker = Picker(counties, weights)
        self.perms = {
            p.codename: p.pk
            for p in Permission.objects.filter(
                content_type__app_label="projects", codename__in=["view_project", "change_project", "supervise_project"]
            )
        }
        self.ct_lead = ContentType.objects.get(app_label="responsibility", model="lead").pk
        self.ct_batch = ContentType.objects.get(app_label="materials", model="batch").pk
        self.material = {m.code: (m.pk, m.witness_required, m.default_unit) for m in MaterialType.objects.all()}
        self.accident_grade = accident_grade
        self.loose_categories = Picker(
            ["main_structure", "exterior_wall_seepage", "roof_waterproofing", "other", "foundation", "decoration"],
            [30, 25, 15, 10, 10, 10],
        )

    def lifetime_end(self, completed: int, years: int) -> str:
        from projects.models import Project

        return Project.lifetime_end(dt.date.fromordinal(completed), years).isoformat()

    def start_ids(self) -> Ids:
        start = {}
        with connection.cursor() as c:
            for table in COLUMNS:
                if table == "authtoken_token":
                    continue
                if table == "common_storedfile":
                    start[table] = 1
                    continue
                c.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
                start[table] = c.fetchone()[0]
        return Ids(start)

    # --- the plan ---------------------------------------------------------------------------------

    def plan(self) -> None:
        args, rng = self.args, Random(f"{self.seed}:plan")
        scale = args.projects / 100
        self.orgs: list[Org] = []
        self.pools: dict[str, list[Org]] = {}
        for kind, (per_100, _offset) in FIRMS.items():
            n = max(6, round(per_100 * scale))
            pool = []
            for _ in range(n):
                org = Org(len(self.orgs) + 1, kind, self.county_picker.pick(rng))
                self.orgs.append(org)
                pool.append(org)
            self.pools[kind] = pool
        pickers = {kind: zipf(self.pools[kind], FIRMS[kind][1]) for kind in FIRMS}
        # Manufacturers by product line; labs by Zipf.
        makers = self.pools["manufacturer"]
        self.makers = {}
        start = 0
        for line, share in MAKER_SHARE.items():
            count = max(2, round(share * len(makers)))
            chunk = makers[start : start + count] or makers[-2:]
            for org in chunk:
                org.line = line
            self.makers[line] = zipf(chunk, 3)
            start += count
        self.labs = pickers["lab"]
        # Quality-supervision agencies: the province, each city, each county.
        self.regulators = {}
        for code in ["330000", *(c + "00" for c in self.cities), *sorted(self.regions)]:
            org = Org(len(self.orgs) + 1, "regulator", code)
            self.orgs.append(org)
            self.regulators[code] = org

        self.plans: list[Plan] = []
        first = FIRST_START.toordinal()
        ids = self.ids
        for i in range(args.projects):
            county = self.county_picker.pick(rng)
            r = rng.random()
            n_units = (
                1
                if r < 0.62
                else rng.randint(2, 3)
                if r < 0.82
                else rng.randint(4, 8)
                if r < 0.96
                else rng.randint(9, 24)
            )
            r = rng.random()
            tall = rng.randint(2, 5) if r < 0.35 else rng.randint(6, 11) if r < 0.6 else rng.randint(12, 33)
            units = []
            for _ in range(n_units):
                floors = max(1, min(60, tall + rng.randint(-2, 2)))
                basements = 0 if floors < 6 and rng.random() < 0.7 else rng.randint(1, 3 if floors > 11 else 1)
                units.append((floors, basements))
            years = 50 if rng.random() < 0.88 else (100 if rng.random() < 0.5 else 25)
            if rng.random() < 0.04:
                created = self.as_of - rng.randint(10, 400)
                started = planned_end = completed = None
                done = 0.0
            else:
                started = first + int((self.as_of - 40 - first) * rng.random() ** 0.8)
                created = started - rng.randint(60, 240)
                planned_end = started + 240 + 22 * tall + int(90 * math.sqrt(n_units)) + rng.randint(-60, 120)
                completed = planned_end if planned_end <= self.as_of else None
                done = 1.0 if completed else (self.as_of - started) / (planned_end - started)
            plan = Plan(
                i,
                ids.take("projects_project"),
                county,
                created,
                started,
                planned_end,
                completed,
                years,
                units,
                pickers["owner"].pick(rng),
            )
            plan.parties["owner"] = [(plan.owner, None)]
            for role in ("surveyor", "designer", "contractor", "supervisor"):
                plan.parties[role] = [(pickers[role].pick(rng), None)]
            for role, chance in (("contractor", 0.08), ("supervisor", 0.03)):
                if started is not None and rng.random() < chance:
                    end = completed or self.as_of
                    if end - started > 240:
                        since = started + int((end - started) * rng.uniform(0.2, 0.7))
                        other = pickers[role].pick(rng)
                        while other is plan.parties[role][0][0]:
                            other = pickers[role].pick(rng)
                        plan.parties[role].append((other, since))
            for role in ROLES:
                for org, _since in plan.parties[role]:
                    org.n_projects += 1
            size = math.exp(rng.gauss(0, 0.6))
            plan.weight = size * sum(f + 1.5 * b + 3 for f, b in units) * done
            self.plans.append(plan)
        weights = [p.weight for p in self.plans]
        for plan, n in zip(self.plans, allocate(args.usages, weights), strict=True):
            plan.n_usages = n
        for plan, n in zip(self.plans, allocate(args.inspections, [w**0.9 for w in weights]), strict=True):
            plan.n_insp = n
        defect_weights = [
            (1.0 if p.completed else 0.3 * (p.weight > 0)) * math.sqrt(len(p.units)) if p.started else 0.0
            for p in self.plans
        ]
        for plan, n in zip(self.plans, allocate(args.defects, defect_weights), strict=True):
            plan.n_defects = n

    def regulator_for(self, county: str) -> Org:
        return self.regulators.get(county) or self.regulators["330000"]

    # --- organisations, people, accounts ------------------------------------------------------------

    def write_reference(self) -> None:
        from django.contrib.auth.models import Group

        out, ids, day = self.copier.buffers, self.ids, self.days
        rng = Random(f"{self.seed}:people")
        role_groups = {role: Group.objects.get_or_create(name=f"role:{role}")[0].pk for role in set(USER_ROLE.values())}
        ids.next["auth_group"] = max(ids.next["auth_group"], max(role_groups.values()) + 1)
        biggest = max(self.pools["contractor"], key=lambda o: o.n_projects)
        tokens = []
        registered = 0
        for org in self.orgs:
            org.group_id = ids.take("auth_group")
            prefix = "12" if org.kind == "regulator" else "91"
            uscc = make_uscc(f"{prefix}{org.region}MA{org.id:07d}")
            place = self.regions[org.region].city_name if org.region in self.regions else ""
            if org.kind == "regulator":
                name = f"{self.region_name(org.region)}建设工程质量安全监督{'总站' if org.region == '330000' else '站'}"
            else:
                name = org_name(org.kind, org.id, place[:2])
            created = ts(day(FIRST_START.toordinal() - rng.randint(30, 3000)))
            out["auth_group"].append(f"{org.group_id}\torg:{uscc}\n")
            out["projects_organization"].append(
                f"{org.id}\t{name}\t{uscc}\t{person_name(org.id * 13)}\t{place}某路{org.id % 900 + 1}号\t"
                f"{'' if org.kind in ('regulator', 'owner', 'manufacturer') else '甲级'}\t{created}\t{org.group_id}\t"
                f"{org.region}\n"
            )
            out["projects_organizationkind"].append(f"{ids.take('projects_organizationkind')}\t{org.kind}\t{org.id}\n")
            # Staff pools sized by the organisation's projects.
            n = org.n_projects
            reg_n = {"contractor": 2 + math.ceil(n * 0.45), "supervisor": 2 + math.ceil(n * 0.8)}.get(org.kind, 0)
            reg_n = reg_n or {"designer": 1 + math.ceil(n * 0.25), "surveyor": 1 + math.ceil(n * 0.2)}.get(org.kind, 0)
            staff_n = {"owner": 1 + math.ceil(n * 0.4), "contractor": 2 + math.ceil(n * 0.6)}.get(org.kind, 0)
            if reg_n:
                org.reg_first = ids.next["projects_person"]
                org.reg_n = reg_n
                org.reg_rid = ids.next["projects_registration"]
                for pid in range(org.reg_first, org.reg_first + reg_n):
                    self.person_row(pid, org)
                    kind, number = REGISTRATION[org.kind](pid)
                    out["projects_registration"].append(
                        f"{ids.take('projects_registration')}\t{kind}\t{number}\t浙江省住房和城乡建设厅\t"
                        f"{day(dt.date(2008, 1, 1).toordinal() + pid % 1400)}\t"
                        f"{NULL if pid % 3 else '2031-12-31'}\t{ts('2011-12-31')}\t{pid}\n"
                    )
                    registered += 1
                ids.take("projects_person", reg_n)
            if staff_n:
                org.staff_first = ids.next["projects_person"]
                org.staff_n = staff_n
                for pid in range(org.staff_first, org.staff_first + staff_n):
                    self.person_row(pid, org)
                ids.take("projects_person", staff_n)
            if org.kind in USER_ROLE:
                org.user_id = ids.take("projects_user")
                role = USER_ROLE[org.kind]
                jurisdiction = ""
                username = f"org{org.id}"
                if org.kind == "regulator":
                    jurisdiction = (
                        org.region[:2]
                        if org.region.endswith("0000")
                        else (org.region[:4] if org.region.endswith("00") else org.region)
                    )
                    username = f"reg-{jurisdiction}"
                if jurisdiction == "33":
                    username = "bench-regulator"
                if org is biggest:
                    username = "bench-firm"
                if username.startswith("bench-"):
                    tokens.append((username, org.user_id))
                out["projects_user"].append(
                    f"{org.user_id}\t!bench-no-password\t{NULL}\tf\t{username}\t\t\t\tf\tt\t{created}\t{role}\t"
                    f"{jurisdiction}\t{org.id}\t{NULL}\n"
                )
                for group in (org.group_id, role_groups[role]):
                    out["projects_user_groups"].append(f"{ids.take('projects_user_groups')}\t{org.user_id}\t{group}\n")
        for _username, user_id in tokens:
            out["authtoken_token"].append(f"{secrets.token_hex(20)}\t{ts(AS_OF.isoformat())}\t{user_id}\n")
        self.registered = registered

    def region_name(self, code: str) -> str:
        if code in self.regions:
            return self.regions[code].city_name + self.regions[code].name
        from projects.models import Region as RegionModel

        return RegionModel.objects.get(pk=code).name

    def person_row(self, pid: int, org: Org) -> None:
        born = dt.date(1960, 1, 1).toordinal() + pid % 14000
        birth = self.days(born)
        number = make_id_number(f"{org.region}{birth.replace('-', '')}{pid // 14000 % 1000:03d}")
        self.copier.buffers["projects_person"].append(
            f"{pid}\t{person_name(pid)}\t{crypto.encrypt(number)}\t{crypto.digest(number)}\t{mask_id_number(number)}\t"
            f"{birth}\t1{3 + pid % 7}{pid % 10**9:09d}\t{ts('2011-12-31')}\t{org.id}\n"
        )

    # --- the run ----------------------------------------------------------------------------------

    def run(self) -> None:
        t_all = time.perf_counter()
        self.load_reference()
        self.ids = self.start_ids()
        t = time.perf_counter()
        self.plan()
        self.timings["plan"] = time.perf_counter() - t
        print(
            f"plan: {len(self.plans):,} projects, {sum(len(p.units) for p in self.plans):,} unit projects, "
            f"{len(self.orgs):,} organisations in {self.timings['plan']:.1f} s"
        )
        t = time.perf_counter()
        with transaction.atomic():
            self.write_reference()
            self.copier.flush()
        self.timings["organisations, people, accounts"] = time.perf_counter() - t
        print(
            f"organisations, people and accounts: {self.copier.rows['projects_person']:,} people in "
            f"{self.timings['organisations, people, accounts']:.1f} s"
        )
        t = time.perf_counter()
        self.write_projects()
        self.timings["projects (COPY, constraints on)"] = time.perf_counter() - t
        t = time.perf_counter()
        self.finish()
        self.timings["sequences, VACUUM ANALYZE"] = time.perf_counter() - t
        self.timings["total"] = time.perf_counter() - t_all
        self.report()
        if self.args.check:
            from checks import check_sample

            check_sample(self.args.check, self.seed)

    def write_projects(self) -> None:
        """Build rows here, chunk by chunk, while writer threads COPY earlier chunks on their own
        connections (psycopg releases the GIL while the server works, so building and loading
        overlap). Chunks only reference their own rows and the reference data committed before."""
        builder = ProjectWriter(self)
        chunks: queue.Queue = queue.Queue(maxsize=self.args.writers + 1)
        rows, seconds = self.copier.rows, self.copier.seconds
        lock = threading.Lock()
        commit_time = [0.0]
        failures: list[BaseException] = []

        def writer():
            params = connection.get_connection_params()
            with psycopg.connect(**params, autocommit=True) as conn:
                while (item := chunks.get()) is not None:
                    try:
                        own_rows, own_seconds = dict.fromkeys(rows, 0), dict.fromkeys(seconds, 0.0)
                        with conn.transaction():
                            copy_tables(conn, item, own_rows, own_seconds)
                            started = time.perf_counter()
                        with lock:
                            commit_time[0] += time.perf_counter() - started  # deferred foreign-key checks
                            for table in rows:
                                rows[table] += own_rows[table]
                                seconds[table] += own_seconds[table]
                    except BaseException as exc:  # noqa: BLE001 - reported and re-raised by the main thread
                        failures.append(exc)
                    finally:
                        chunks.task_done()

        threads = [threading.Thread(target=writer, daemon=True) for _ in range(self.args.writers)]
        for thread in threads:
            thread.start()
        python = 0.0
        chunk = self.args.chunk
        with tqdm(total=len(self.plans), unit="project", smoothing=0.05, mininterval=2) as bar:
            for start in range(0, len(self.plans), chunk):
                t0 = time.perf_counter()
                for plan in self.plans[start : start + chunk]:
                    builder.write(plan)
                python += time.perf_counter() - t0
                if failures:
                    break
                chunks.put(self.copier.take())
                bar.update(min(chunk, len(self.plans) - start))
                bar.set_postfix(usages=f"{rows['materials_usage']:,}", refresh=False)
            for _ in threads:
                chunks.put(None)
            for thread in threads:
                thread.join()
        if failures:
            raise failures[0]
        copying = sum(seconds.values())
        print(
            f"projects: {python / 60:.1f} min building rows in Python; in the {len(threads)} writers "
            f"{copying / 60:.1f} min in COPY and {commit_time[0] / 60:.1f} min in commits (deferred foreign-key checks)"
        )
        for table, secs in sorted(seconds.items(), key=lambda x: -x[1])[:8]:
            print(f"  COPY {table}: {secs:.1f} s for {rows[table]:,} rows")

    def finish(self) -> None:
        with connection.cursor() as c:
            for table in COLUMNS:
                if table in ("authtoken_token", "common_storedfile"):
                    continue
                c.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT MAX(id) FROM {table}), 1))"
                )
            c.execute("VACUUM ANALYZE")

    def report(self) -> None:
        print("\n| phase | wall time |\n|---|---:|")
        for phase, seconds in self.timings.items():
            print(f"| {phase} | {seconds / 60:.1f} min |")
        with connection.cursor() as c:
            c.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            total = c.fetchone()[0]
            print(f"\nDatabase size: {total}\n")
            print("| table | rows | table | indexes | total |\n|---|---:|---:|---:|---:|")
            c.execute(
                """
                SELECT c.relname, c.reltuples::bigint, pg_size_pretty(pg_table_size(c.oid)),
                       pg_size_pretty(pg_indexes_size(c.oid)), pg_size_pretty(pg_total_relation_size(c.oid))
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname = ANY(%s)
                ORDER BY pg_total_relation_size(c.oid) DESC
                """,
                [list(COLUMNS)],
            )
            for name, _estimate, table, indexes, all_ in c.fetchall():
                print(f"| {name} | {self.copier.rows.get(name, 0):,} | {table} | {indexes} | {all_} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--usages", type=int, default=10_000_000)
    parser.add_argument("--inspections", type=int, default=5_000_000)
    parser.add_argument("--defects", type=int, default=None, help="default: 0.4 per project")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--chunk", type=int, default=500, help="projects per transaction")
    parser.add_argument("--writers", type=int, default=2, help="connections loading chunks in parallel")
    parser.add_argument("--check", type=int, default=200, help="rows per model to full_clean() at the end (0: skip)")
    args = parser.parse_args()
    if args.defects is None:
        args.defects = round(args.projects * 0.4)
    if connection.vendor != "postgresql":
        sys.exit("Run on PostgreSQL: set DATABASE_URL (see the docstring).")
    from projects.models import Project

    if Project.objects.exists():
        sys.exit("The database already holds projects: generate into a freshly migrated database.")
    connection.ensure_connection()
    print(
        f"generating {args.projects:,} projects, {args.usages:,} usages, {args.inspections:,} inspections, "
        f"{args.defects:,} defects (seed {args.seed}, as of {AS_OF}) into {connection.settings_dict['NAME']}"
    )
    Generator(args).run()


if __name__ == "__main__":
    main()
