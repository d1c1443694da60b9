"""Update one app's translation catalogue from its code and its templates.

Each app keeps its own catalogue (`<app>/locale/zh_Hans/LC_MESSAGES/django.po`)
so that work on different apps never edits the same file. An app's catalogue
covers `<app>/**` and `templates/<app>/**`; `common` also covers the shared
templates (`templates/*.html`, `templates/registration/`, `templates/pdf/base.html`, …).

    python manage.py app_messages projects materials
    python manage.py app_messages --all
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.test.utils import override_settings

APPS = ["common", "projects", "responsibility", "materials", "inspections"]
SHARED_TEMPLATE_DIRS = ["registration", "pdf", "includes", "admin"]


class Command(BaseCommand):
    help = "Run makemessages for one app's code and templates into <app>/locale."

    def add_arguments(self, parser):
        parser.add_argument("apps", nargs="*", choices=APPS)
        parser.add_argument("--all", action="store_true")

    def handle(self, *args, apps, all, **options):
        base = Path(settings.BASE_DIR)
        os.chdir(base)  # makemessages walks the working directory
        for app in APPS if all else apps:
            ignore = [".venv/*", "var/*", "node_modules/*", "staticfiles/*", "bench/*", "tests/*", "docs/*"]
            ignore += [f"{other}/*" for other in APPS if other != app]
            ignore += [f"templates/{other}/*" for other in APPS if other != app]
            if app != "common":
                # fnmatch's * crosses "/", so name the shared top-level templates one by one.
                ignore += ["config/*"] + [f"templates/{p.name}" for p in (base / "templates").glob("*.html")]
                ignore += [f"templates/{d}/*" for d in SHARED_TEMPLATE_DIRS if d != "pdf"]
                ignore += [f"templates/pdf/{p.name}" for p in (base / "templates" / "pdf").glob("*.html")]
            # An app's PDF layouts (templates/pdf/<app>/) belong to its own catalogue.
            ignore += [f"templates/pdf/{other}/*" for other in APPS if other != app]
            locale = base / app / "locale"
            locale.mkdir(exist_ok=True)
            with override_settings(LOCALE_PATHS=[locale]):
                call_command(
                    "makemessages",
                    locale=["zh_Hans"],
                    ignore_patterns=ignore,
                    no_obsolete=True,
                    add_location="file",
                    verbosity=options["verbosity"],
                )
            self.stdout.write(f"{app}: {locale / 'zh_Hans/LC_MESSAGES/django.po'}")
