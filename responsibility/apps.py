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
        self._register_defects()

    def _register_defects(self) -> None:
        from common import history
        from common.uploads import register_file_owner
        from projects import registry
        from responsibility.defects import access as defect_access
        from responsibility.defects import demo as defect_demo
        from responsibility.models import Defect

        registry.register_project_tab(
            registry.ProjectTab("defects", _("Defects"), "accountability:defects_tab", order=600)
        )
        registry.register_nav_link(
            "accountability.dashboard",
            registry.NavLink(_("Dashboard"), "accountability:dashboard", frozenset({"regulator"}), order=5),
        )
        registry.register_nav_link(
            "accountability.defects", registry.NavLink(_("Defects"), "accountability:defect_list", order=60)
        )
        registry.register_nav_link(
            "accountability.cases",
            registry.NavLink(_("Accountability cases"), "accountability:case_list", frozenset({"regulator"}), order=65),
        )
        register_file_owner(Defect, defect_access.can_view_defect_file)
        history.register_action_labels(
            {
                "defect_register": _("defect registered"),
                "defect_resolve": _("defect repaired"),
                "case_open": _("accountability case opened"),
                "case_finding": _("finding recorded"),
                "case_subject": _("party held accountable"),
                "case_measure": _("measure decided"),
                "case_measure_withdraw": _("measure withdrawn"),
                "case_decide": _("case decided"),
                "case_close": _("case closed"),
            }
        )
        defect_demo.register()
