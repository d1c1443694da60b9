"""After generating: validate a random sample of every model's rows as the application would.

`full_clean()` runs the field validators (USCC and ID-number check characters, choices,
lengths), the unique checks and every `Meta.constraints` entry in Python; locations must
be stored normalised with their key (common.locations); and the two benchmark accounts must
see what the visibility rule says they see.
"""

from __future__ import annotations

from random import Random

from django.core.exceptions import ValidationError
from django.db.models import Max, Min

from common.locations import location_key, normalize_location


def check_sample(n: int, seed: int) -> None:
    from common.models import StoredFile
    from inspections.models import Inspection, Signature
    from materials.models import Batch, Sample, TestReport, Usage, WitnessAuthorization
    from projects.models import (
        Organization,
        OrganizationKind,
        Participant,
        Person,
        Project,
        Registration,
        UnitProject,
        User,
    )
    from responsibility.models import Defect, Lead

    rng = Random(f"{seed}:check")
    problems = 0
    models = [
        Organization,
        OrganizationKind,
        Person,
        Registration,
        User,
        Project,
        UnitProject,
        Participant,
        Lead,
        WitnessAuthorization,
        Batch,
        Sample,
        TestReport,
        Usage,
        Inspection,
        Signature,
        Defect,
    ]
    for model in models:
        bounds = model.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
        if bounds["lo"] is None:
            continue
        span = range(bounds["lo"], bounds["hi"] + 1)
        ids = rng.sample(span, min(n, len(span)))
        checked = 0
        for obj in model.objects.filter(pk__in=ids):
            checked += 1
            try:
                obj.full_clean()
            except ValidationError as exc:
                problems += 1
                if problems <= 20:
                    print(f"  {model.__name__} {obj.pk}: {exc.message_dict}")
            if hasattr(obj, "location_key"):
                path = normalize_location(obj.location, required=False)
                if path != obj.location or location_key(path) != obj.location_key:
                    problems += 1
                    print(f"  {model.__name__} {obj.pk}: location {obj.location!r} / key {obj.location_key!r}")
            elif isinstance(obj, Defect) and normalize_location(obj.location, required=False) != obj.location:
                problems += 1
                print(f"  Defect {obj.pk}: location {obj.location!r} not normalised")
        print(f"checked {checked} {model._meta.verbose_name_plural} with full_clean()")
    files = StoredFile.objects.filter(owner_type__isnull=False)[:n]
    for f in files:
        f.full_clean()
    for username in ("bench-regulator", "bench-firm"):
        user = User.objects.get(username=username)
        print(f"{username} ({user.get_role_display()}) sees {Project.objects.visible_to(user).count():,} projects")
    print(f"sample check: {problems} problems")
    if problems:
        raise SystemExit(1)
