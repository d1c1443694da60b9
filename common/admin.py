"""Admin for the shared records: read-only, because both are lasting."""

from django.contrib import admin

from common.models import ChangeRecord, StoredFile


class ReadOnlyAdmin(admin.ModelAdmin):
    """For lasting records: viewable in the admin, never added, changed or deleted there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Inline rows of lasting records: shown, never added, changed or deleted in the admin."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "action", "target_type", "target_repr", "reason"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "actor_name", "reason"]
    date_hierarchy = "at"
    list_select_related = ["target_type"]


@admin.register(StoredFile)
class StoredFileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "kind", "variant", "size", "sha256", "uploaded_at", "owner_type"]
    list_filter = ["kind", "variant"]
    search_fields = ["original_name", "sha256"]
    list_select_related = ["owner_type"]
