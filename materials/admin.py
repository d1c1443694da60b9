"""Admin: the catalogue is editable reference data; every other record is read-only (lasting)."""

from django.contrib import admin

from common.admin import ReadOnlyAdmin
from materials.models import (
    Batch,
    ImportJob,
    MaterialType,
    NonConformance,
    Recall,
    Sample,
    TestReport,
    Usage,
    WitnessAuthorization,
)


@admin.register(MaterialType)
class MaterialTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "standard", "witness_required", "default_unit", "active"]
    list_filter = ["category", "witness_required", "active"]
    search_fields = ["code", "name", "name_en", "standard"]

    def has_delete_permission(self, request, obj=None):
        return False  # batches point at types; retire a type with `active` instead


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdmin):
    list_display = [
        "batch_number",
        "material_type",
        "spec",
        "manufacturer",
        "project",
        "quantity",
        "unit",
        "status",
        "arrived_on",
    ]
    list_filter = ["status", "material_type"]
    search_fields = ["batch_number", "batch_number_key", "spec", "certificate_number", "project__code"]
    list_select_related = ["material_type", "manufacturer", "project"]
    raw_id_fields = ["project"]


@admin.register(WitnessAuthorization)
class WitnessAuthorizationAdmin(ReadOnlyAdmin):
    list_display = ["person", "party_role", "project", "valid_from", "revoked_on"]
    list_select_related = ["person", "project"]


@admin.register(Sample)
class SampleAdmin(ReadOnlyAdmin):
    list_display = ["sample_number", "seal_number", "batch", "lab", "sampled_on", "witness"]
    search_fields = ["sample_number", "seal_number"]
    list_select_related = ["batch", "batch__material_type", "lab", "witness"]


@admin.register(TestReport)
class TestReportAdmin(ReadOnlyAdmin):
    list_display = ["report_number", "lab", "sample", "tested_on", "conclusion"]
    list_filter = ["conclusion"]
    search_fields = ["report_number"]
    list_select_related = ["lab", "sample"]


@admin.register(Usage)
class UsageAdmin(ReadOnlyAdmin):
    list_display = ["batch", "project", "unit_project", "location", "quantity", "used_on", "withdrawn_on"]
    search_fields = ["location"]
    list_select_related = ["batch", "batch__material_type", "project", "unit_project"]


@admin.register(NonConformance)
class NonConformanceAdmin(ReadOnlyAdmin):
    list_display = ["batch", "project", "source", "opened_at", "regulator_notified_at", "disposition", "closed_at"]
    list_filter = ["source", "disposition"]
    list_select_related = ["batch", "batch__material_type", "project"]


@admin.register(Recall)
class RecallAdmin(ReadOnlyAdmin):
    list_display = ["manufacturer", "batch_number", "jurisdiction", "opened_by", "opened_at"]
    search_fields = ["batch_number", "manufacturer__name", "manufacturer__uscc"]
    list_select_related = ["manufacturer", "opened_by"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = [
        "original_name",
        "kind",
        "project",
        "status",
        "total_rows",
        "error_count",
        "created_count",
        "created_at",
    ]
    list_filter = ["kind", "status"]
    list_select_related = ["project"]
