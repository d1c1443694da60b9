"""Admin: accounts are edited here (through the services); lasting records are read-only."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from guardian.admin import GuardedModelAdmin

from common.admin import ReadOnlyAdmin, ReadOnlyInline
from projects import services
from projects.models import (
    Notification,
    Organization,
    OrganizationKind,
    Participant,
    Person,
    Project,
    Region,
    Registration,
    UnitProject,
    User,
)


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "valid_from", "valid_until"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


class OrganizationKindInline(ReadOnlyInline):
    model = OrganizationKind


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "uscc", "region", "created_at"]
    search_fields = ["name", "uscc"]
    list_filter = ["kinds__kind"]
    inlines = [OrganizationKindInline]
    list_select_related = ["region"]


class RegistrationInline(ReadOnlyInline):
    model = Registration


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "id_number_masked", "employer"]
    search_fields = ["name"]
    exclude = ["id_number_encrypted", "id_number_digest"]
    inlines = [RegistrationInline]
    list_select_related = ["employer"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["person", "kind", "number", "valid_from", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["number", "person__name"]
    list_select_related = ["person"]


class ParticipantInline(ReadOnlyInline):
    model = Participant


class UnitProjectInline(ReadOnlyInline):
    model = UnitProject


@admin.register(Project)
class ProjectAdmin(GuardedModelAdmin, ReadOnlyAdmin):
    list_display = ["name", "code", "region", "status", "started_on", "completed_on", "lifetime_until"]
    list_filter = ["status"]
    search_fields = ["name", "code", "permit_number"]
    inlines = [ParticipantInline, UnitProjectInline]
    list_select_related = ["region"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["project", "role", "organization", "joined_on", "left_on"]
    list_filter = ["role"]
    list_select_related = ["project", "organization"]


@admin.register(UnitProject)
class UnitProjectAdmin(ReadOnlyAdmin):
    list_display = ["name", "project"]
    list_select_related = ["project"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]


class _RoleRulesMixin:
    """Run the account rules of projects.services.accounts on the admin forms, so a wrong
    role/organisation/jurisdiction is a field error, not a server error."""

    def clean(self):
        data = super().clean()
        errors = services.accounts.validate_account(
            role=data.get("role"),
            organization=data.get("organization"),
            jurisdiction=data.get("jurisdiction") or "",
            person=data.get("person"),
        )
        for field, messages_ in errors.items():
            for m in messages_:
                self.add_error(field if field in self.fields else None, m)
        return data


class RegistryUserCreationForm(_RoleRulesMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "role", "organization", "jurisdiction", "email")


class RegistryUserChangeForm(_RoleRulesMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class RegistryUserAdmin(UserAdmin):
    """Accounts are created and changed through the services, so groups always follow the role."""

    form = RegistryUserChangeForm
    add_form = RegistryUserCreationForm
    list_display = ["username", "role", "organization", "jurisdiction", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    list_select_related = ["organization"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Profile", {"fields": ["first_name", "last_name", "email", "person"]}),
        ("Registry", {"fields": ["role", "organization", "jurisdiction", "is_active"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2", "role", "organization", "jurisdiction", "email"]})
    ]
    readonly_fields = ["last_login", "date_joined"]
    raw_id_fields = ["person"]

    def save_model(self, request, obj, form, change):
        if change:
            fields = {f: form.cleaned_data[f] for f in form.changed_data if f in services.accounts.USER_FIELDS}
            saved = services.user_update(actor=request.user, user=obj, reason="admin", **fields)
        else:
            saved = services.user_create(
                actor=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                role=form.cleaned_data["role"],
                organization=form.cleaned_data.get("organization"),
                jurisdiction=form.cleaned_data.get("jurisdiction", ""),
                email=form.cleaned_data.get("email", ""),
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # Group membership follows the role and organisation (the services set it).
        pass
