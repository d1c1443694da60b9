from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects, organisations and people")

    def ready(self) -> None:
        from projects import demo, registry
        from projects.registry import NavLink, ProjectTab

        registry.register_project_tab(ProjectTab("overview", _("Overview"), "projects:detail", order=0))
        registry.register_project_tab(ProjectTab("history", _("History"), "projects:history", order=900))
        registry.register_nav_link("projects", NavLink(_("Projects"), "projects:list", order=10))
        registry.register_nav_link("organizations", NavLink(_("Organisations"), "projects:organization_list", order=80))
        registry.register_nav_link(
            "people",
            NavLink(
                _("People"), "projects:person_list", frozenset({"firm", "supervisor", "lab", "regulator"}), order=85
            ),
        )
        demo.register()
        from projects.reference import load_regions

        registry.register_reference_loader("regions", load_regions)
