"""Admin: every inspections record is lasting, so read-only; the roster is kept through its service."""

from django.contrib import admin

from common.admin import ReadOnlyAdmin
from inspections.models import (
    CoverRecord,
    Inspection,
    Photo,
    Rectification,
    RectificationReminder,
    RectificationReply,
    RosterInspector,
    Signature,
    SpotCheck,
    SpotCheckDraw,
)


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    can_delete = False
    readonly_fields = ["person", "role", "organization", "registration_number", "signed_on"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = [
        "performed_on",
        "kind",
        "name",
        "project",
        "unit_project",
        "location",
        "result",
        "inspector",
        "corrected_at",
    ]
    list_filter = ["kind", "result"]
    search_fields = ["name", "location", "project__name", "project__code"]
    list_select_related = ["project", "unit_project", "inspector"]
    date_hierarchy = "performed_on"
    inlines = [SignatureInline]


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdmin):
    list_display = ["file", "inspection", "reply", "taken_at", "age_check"]
    list_filter = ["age_check"]
    list_select_related = ["file", "inspection", "reply"]


@admin.register(CoverRecord)
class CoverRecordAdmin(ReadOnlyAdmin):
    list_display = ["covered_on", "project", "unit_project", "location", "concealed_works"]
    list_select_related = ["project", "unit_project", "concealed_works"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["number", "project", "issued_to", "issued_on", "due_on", "status", "closed_on"]
    list_filter = ["status", "issuer"]
    search_fields = ["number", "project__name", "requirement"]
    list_select_related = ["project", "issued_to__organization"]


@admin.register(RectificationReply)
class RectificationReplyAdmin(ReadOnlyAdmin):
    list_display = ["rectification", "replied_on", "replied_by"]
    list_select_related = ["rectification", "replied_by"]


@admin.register(RectificationReminder)
class RectificationReminderAdmin(ReadOnlyAdmin):
    list_display = ["rectification", "kind", "due_on", "sent_at"]
    list_select_related = ["rectification"]


@admin.register(RosterInspector)
class RosterInspectorAdmin(ReadOnlyAdmin):
    list_display = ["person", "agency", "badge_number", "joined_on", "left_on"]
    list_select_related = ["person", "agency"]
    search_fields = ["person__name", "badge_number"]


class SpotCheckInline(admin.TabularInline):
    model = SpotCheck
    extra = 0
    can_delete = False
    fields = ["position", "project", "checked_on", "result", "publish_on"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SpotCheckDraw)
class SpotCheckDrawAdmin(ReadOnlyAdmin):
    list_display = ["drawn_on", "agency", "region_code", "share", "inspectors_per_check", "seed"]
    list_select_related = ["agency"]
    inlines = [SpotCheckInline]


@admin.register(SpotCheck)
class SpotCheckAdmin(ReadOnlyAdmin):
    list_display = ["draw", "project", "checked_on", "result", "publish_on"]
    list_filter = ["result"]
    list_select_related = ["draw", "project"]
