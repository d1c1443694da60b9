from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Inspections")

    def ready(self) -> None:
        from common import history
        from common.uploads import register_file_owner
        from inspections import access, demo, gates
        from inspections.models import Inspection, RectificationReply
        from projects import registry
        from projects.registry import NavLink, ProjectTab

        registry.register_completion_check(gates.completion_check, order=60)
        for model in (Inspection, RectificationReply):
            register_file_owner(model, access.can_view_inspection_object)
        registry.register_project_tab(ProjectTab("inspections", _("Inspections"), "inspections:project_tab", order=40))
        registry.register_nav_link(
            "inspection_new", NavLink(_("Log an inspection"), "inspections:start", frozenset({"supervisor"}), order=20)
        )
        registry.register_nav_link(
            "rectifications",
            NavLink(_("Rectifications"), "inspections:rectification_list", frozenset({"firm", "supervisor"}), order=30),
        )
        registry.register_nav_link(
            "spot_checks", NavLink(_("Spot checks"), "inspections:spot_check_list", frozenset({"regulator"}), order=30)
        )
        registry.register_nav_link(
            "overdue_rectifications",
            NavLink(_("Overdue rectifications"), "inspections:overdue_list", frozenset({"regulator"}), order=35),
        )
        history.register_action_labels(
            {
                "inspection_record": _("inspection recorded"),
                "inspection_corrected": _("inspection corrected"),
                "inspection_covered": _("accepted within a higher level"),
                "inspection_released": _("released from a corrected acceptance"),
                "cover_record": _("work recorded as covered"),
                "rectification_issue": _("rectification notice issued"),
                "rectification_reply": _("rectification notice answered"),
                "rectification_close": _("rectification notice closed"),
                "rectification_reopen": _("rectification notice reopened"),
                "roster_add": _("inspector added to the roster"),
                "spot_check_draw": _("spot check drawn"),
                "spot_check_record": _("spot check result recorded"),
            }
        )
        demo.register()
