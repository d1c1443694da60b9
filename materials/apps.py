from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Materials")

    def ready(self) -> None:
        from common.history import register_action_labels
        from common.uploads import register_file_owner
        from materials import access, demo, gates
        from materials.models import Batch, NonConformance, TestReport
        from projects import registry
        from projects.registry import NavLink, ProjectTab

        registry.register_project_tab(ProjectTab("materials", _("Materials"), "materials:project_materials", order=40))
        registry.register_nav_link(
            "materials.lab_inbox", NavLink(_("Samples to test"), "materials:lab_inbox", frozenset({"lab"}), order=30)
        )
        registry.register_nav_link(
            "materials.trace",
            NavLink(_("Material trace"), "materials:trace", frozenset({"regulator", "firm", "supervisor"}), order=40),
        )
        registry.register_nav_link(
            "materials.recalls", NavLink(_("Recalls"), "materials:recall_list", frozenset({"regulator"}), order=45)
        )
        registry.register_completion_check(gates.no_blocked_material_in_use, order=400)
        registry.register_lot_check(gates.materials_ready_for_lot)
        register_file_owner(Batch, access.can_view_batch)
        register_file_owner(TestReport, access.can_view_report)
        register_file_owner(NonConformance, access.can_view_nonconformance)
        register_action_labels(
            {
                "batch_register": _("batch registered"),
                "batch_accept": _("batch accepted at entry"),
                "batch_reject": _("batch rejected at entry"),
                "batch_fail": _("batch failed its test"),
                "batch_quarantine": _("batch quarantined by a recall"),
                "batch_release": _("batch released after re-test"),
                "batch_import": _("batch imported"),
                "usage_import": _("usage imported"),
                "witness_authorize": _("witness authorised"),
                "witness_revoke": _("witness authorisation revoked"),
                "sample_record": _("sample recorded"),
                "report_record": _("test report recorded"),
                "usage_record": _("usage recorded"),
                "usage_withdraw": _("usage withdrawn"),
                "nc_open": _("non-conformance opened"),
                "nc_close": _("non-conformance closed"),
                "recall_open": _("recall opened"),
                "import_commit": _("spreadsheet imported"),
            }
        )
        demo.register()

        from materials.catalogue import load
        from materials.models import MaterialType

        registry.register_reference_loader("material_types", lambda: load(MaterialType))
