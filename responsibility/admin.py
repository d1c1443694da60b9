"""Admin: leads, plaques and archives are lasting records, so every page here is read-only.

Corrections go through the services (pages and API): a lead entry is corrected by a
new entry, a plaque replaced by a new version, an archive regenerated as a new version.
"""

from django.contrib import admin

from common.admin import ReadOnlyAdmin, ReadOnlyInline
from responsibility.models import Lead, Plaque, PlaqueEntry, PlaqueInstallation, ResponsibilityArchive


@admin.register(Lead)
class LeadAdmin(ReadOnlyAdmin):
    list_display = ["project", "role", "person", "organization", "registration_number", "started_on", "ended_on"]
    list_filter = ["role"]
    search_fields = ["person__name", "registration_number", "project__code", "project__name"]
    list_select_related = ["project", "person", "organization"]
    date_hierarchy = "started_on"


class PlaqueEntryInline(ReadOnlyInline):
    model = PlaqueEntry
    fields = ["role", "organization_name", "organization_uscc", "lead_name", "registration_number", "lead"]
    readonly_fields = fields


class PlaqueInstallationInline(ReadOnlyInline):
    model = PlaqueInstallation
    fields = ["installed_on", "location", "photo", "note", "recorded_by", "recorded_at"]
    readonly_fields = fields


@admin.register(Plaque)
class PlaqueAdmin(ReadOnlyAdmin):
    list_display = ["project_name", "code", "version", "issued_on", "replacement_reason", "replaced_at"]
    list_filter = ["replacement_reason"]
    search_fields = ["code", "project_name", "project_code"]
    list_select_related = ["project"]
    inlines = [PlaqueEntryInline, PlaqueInstallationInline]


@admin.register(PlaqueEntry)
class PlaqueEntryAdmin(ReadOnlyAdmin):
    list_display = ["plaque", "role", "organization_name", "lead_name", "registration_number"]
    list_filter = ["role"]
    search_fields = ["lead_name", "organization_name", "plaque__code"]
    list_select_related = ["plaque"]


@admin.register(PlaqueInstallation)
class PlaqueInstallationAdmin(ReadOnlyAdmin):
    list_display = ["plaque", "installed_on", "location", "recorded_at"]
    search_fields = ["plaque__code", "location"]
    list_select_related = ["plaque"]


@admin.register(ResponsibilityArchive)
class ResponsibilityArchiveAdmin(ReadOnlyAdmin):
    list_display = ["project", "version", "pages", "lead_count", "generated_at", "handed_over_to", "handed_over_on"]
    search_fields = ["project__code", "project__name", "sha256", "receipt_number"]
    list_select_related = ["project", "handed_over_to"]
