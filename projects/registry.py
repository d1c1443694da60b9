"""Registration points through which higher apps take part in projects' work.

`projects` imports no domain app (docs/architecture.md). Where a project's
behaviour depends on records owned higher up (the leads that must be in
place before a project may start, the open rectifications that block
completion, the tabs of the project page, the demo data), those apps
register here from their `AppConfig.ready()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from projects.models import Project, UnitProject

# --- lifecycle gates -------------------------------------------------------------------

#: A gate check returns the problems that block the transition (empty: no objection).
GateCheck = Callable[["Project", dt.date], list[str]]

_start_checks: list[tuple[int, GateCheck]] = []
_completion_checks: list[tuple[int, GateCheck]] = []


def register_start_check(check: GateCheck, *, order: int = 100) -> None:
    """`check(project, started_on)` lists what must be fixed before work may start."""
    if check not in [c for _, c in _start_checks]:
        _start_checks.append((order, check))
        _start_checks.sort(key=lambda item: item[0])


def register_completion_check(check: GateCheck, *, order: int = 100) -> None:
    """`check(project, completed_on)` lists what must be fixed before completion."""
    if check not in [c for _, c in _completion_checks]:
        _completion_checks.append((order, check))
        _completion_checks.sort(key=lambda item: item[0])


def start_problems(project: Project, day: dt.date) -> list[str]:
    return [p for _, check in _start_checks for p in check(project, day)]


def completion_problems(project: Project, day: dt.date) -> list[str]:
    return [p for _, check in _completion_checks for p in check(project, day)]


#: A lot check returns what stops an inspection lot (检验批) at a place from passing.
LotCheck = Callable[["Project", "UnitProject", str, dt.date], list[str]]

_lot_checks: list[LotCheck] = []


def register_lot_check(check: LotCheck) -> None:
    """`check(project, unit_project, location, performed_on)`: materials fills it (GB 50300 §5.0.1,
    domain.md §11.2 item 8), inspections asks it before a lot may pass."""
    if check not in _lot_checks:
        _lot_checks.append(check)


def lot_problems(project: Project, unit_project: UnitProject, location: str, day: dt.date) -> list[str]:
    return [p for check in _lot_checks for p in check(project, unit_project, location, day)]


# --- leads, for apps that cannot import responsibility -------------------------------


@dataclass(frozen=True)
class LeadInfo:
    """A project lead (项目负责人) as lower apps see it."""

    role: str  # a PartyRole value
    person_id: int
    person_name: str
    organization_id: int
    registration_number: str
    started_on: dt.date
    ended_on: dt.date | None


#: (project, role, day) -> the lead of that role on that day, or None.
LeadResolver = Callable[["Project", str, dt.date], LeadInfo | None]
_lead_resolver: list[LeadResolver] = []


def register_lead_resolver(resolver: LeadResolver) -> None:
    _lead_resolver[:] = [resolver]


def lead_on(project: Project, role: str, day: dt.date) -> LeadInfo | None:
    """Who led `role` on `project` on `day` (None when no lead or no resolver)."""
    if not _lead_resolver:
        return None
    return _lead_resolver[0](project, role, day)


# --- the project page's tabs ---------------------------------------------------------


@dataclass(frozen=True)
class ProjectTab:
    """A tab on the project page, served by the owning app's view.

    `url_name` takes the project's pk as its only argument; `visible(user,
    project)` may hide the tab (default: everyone who sees the project).
    """

    key: str
    label: Any  # a lazy translation
    url_name: str
    order: int = 100
    visible: Callable[[Any, Project], bool] | None = None


_tabs: dict[str, ProjectTab] = {}


def register_project_tab(tab: ProjectTab) -> None:
    _tabs[tab.key] = tab


def project_tabs() -> list[ProjectTab]:
    return sorted(_tabs.values(), key=lambda t: (t.order, t.key))


# --- links on the home page and in the navigation -------------------------------------


@dataclass(frozen=True)
class NavLink:
    label: Any
    url_name: str
    roles: frozenset[str] = field(default_factory=frozenset)  # empty: every signed-in user
    order: int = 100


_nav: dict[str, NavLink] = {}


def register_nav_link(key: str, link: NavLink) -> None:
    _nav[key] = link


def nav_links(user) -> list[NavLink]:
    if not getattr(user, "is_authenticated", False):
        return []
    role = "admin" if user.is_superuser else user.role
    return sorted(
        (link for link in _nav.values() if not link.roles or role in link.roles or user.is_superuser),
        key=lambda link: (link.order, str(link.label)),
    )


# --- reference data ------------------------------------------------------------------

#: A loader upserts reference data shipped with the code and returns how many rows changed.
ReferenceLoader = Callable[[], int]
_reference_loaders: dict[str, ReferenceLoader] = {}


def register_reference_loader(name: str, loader: ReferenceLoader) -> None:
    """Reference tables (divisions, material catalogue) that `load_reference_data` refreshes."""
    _reference_loaders[name] = loader


def reference_loaders() -> dict[str, ReferenceLoader]:
    return dict(_reference_loaders)


# --- demo data -------------------------------------------------------------------------

#: A demo step gets the shared context dict (organisations, people, users,
#: projects built by earlier steps, a seeded random.Random under "rng") and
#: must be idempotent: running seed_demo twice creates nothing new.
DemoStep = Callable[[dict[str, Any]], None]
_demo_steps: dict[str, tuple[int, DemoStep]] = {}


def register_demo_step(name: str, step: DemoStep, *, order: int) -> None:
    _demo_steps[name] = (order, step)


def demo_steps() -> list[tuple[str, DemoStep]]:
    return [(name, step) for name, (order, step) in sorted(_demo_steps.items(), key=lambda i: i[1][0])]
