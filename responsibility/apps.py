from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsibilityConfig(AppConfig):
    name = "responsibility"
    verbose_name = _("Lifetime responsibility")

    def ready(self) -> None:
        from common import history
        from common.uploads import register_file_owner
        from projects import registry
        from responsibility import access, demo, gates, selectors
        from responsibility.models import Lead, Plaque, PlaqueInstallation, ResponsibilityArchive

        registry.register_start_check(gates.start_check, order=50)
        registry.register_completion_check(gates.completion_check, order=50)
        registry.register_lead_resolver(selectors.resolve_lead)
        registry.register_project_tab(
            registry.ProjectTab("leads", _("Parties and leads"), "responsibility:leads", order=10)
        )
        registry.register_project_tab(registry.ProjectTab("plaque", _("Plaque"), "responsibility:plaque", order=700))
        registry.register_project_tab(registry.ProjectTab("archive", _("Archive"), "responsibility:archive", order=710))

        for model in (Lead, Plaque, PlaqueInstallation, ResponsibilityArchive):
            register_file_owner(model, access.can_view_project_object)

        history.register_action_labels(
            {
                "lead_appoint": _("lead appointed"),
                "lead_end": _("lead's tenure ended"),
                "lead_correct": _("lead entry corrected"),
                "lead_commitment": _("commitment filed"),
                "plaque_issue": _("plaque issued"),
                "plaque_install": _("plaque installation recorded"),
                "plaque_replace": _("plaque replaced by a new version"),
                "plaque_superseded": _("plaque version superseded"),
                "archive_generate": _("archive generated"),
                "archive_handover": _("archive handed over"),
            }
        )
        demo.register()
