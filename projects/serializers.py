"""API shapes for organisations, people, projects and accounts (docs/api.md).

Output serializers read prefetched data only; input serializers check types
and lengths, and leave the domain rules to the services, so the API, the
pages and the commands all give the same answers.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.models import ChangeRecord
from projects.models import (
    Notification,
    Organization,
    Participant,
    PartyRole,
    Person,
    Project,
    Registration,
    Role,
    UnitProject,
    User,
)
from projects.selectors import region_full_name

# --- organisations ----------------------------------------------------------------------


class OrganizationSerializer(serializers.ModelSerializer):
    kinds = serializers.SerializerMethodField()
    region_code = serializers.CharField(source="region_id", read_only=True)
    region_name = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "uscc",
            "kinds",
            "region_code",
            "region_name",
            "address",
            "legal_representative",
            "qualification",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(Organization.Kind.choices)))
    def get_kinds(self, obj: Organization) -> list[str]:
        return obj.kind_list

    def get_region_name(self, obj: Organization) -> str:
        return region_full_name(obj.region_id)


class OrganizationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "uscc"]
        read_only_fields = fields


class OrganizationCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    uscc = serializers.CharField(max_length=40, help_text=_("18 characters; full-width and lower case are accepted."))
    kinds = serializers.ListField(child=serializers.ChoiceField(Organization.Kind.choices), allow_empty=False)
    region_code = serializers.CharField(max_length=6, min_length=6)
    address = serializers.CharField(max_length=255)
    legal_representative = serializers.CharField(max_length=50, required=False, allow_blank=True)
    qualification = serializers.CharField(max_length=100, required=False, allow_blank=True)


class OrganizationUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(Organization.Kind.choices), required=False, allow_empty=False
    )
    region_code = serializers.CharField(max_length=6, min_length=6, required=False)
    address = serializers.CharField(max_length=255, required=False)
    legal_representative = serializers.CharField(max_length=50, required=False, allow_blank=True)
    qualification = serializers.CharField(max_length=100, required=False, allow_blank=True)
    reason = serializers.CharField(max_length=2000)


# --- people -----------------------------------------------------------------------------


class RegistrationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Registration
        fields = ["id", "kind", "number", "issued_by", "valid_from", "valid_until"]
        read_only_fields = ["id"]
        extra_kwargs = {"number": {"validators": []}, "valid_until": {"required": False}}


class PersonSerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="employer.name", read_only=True, default=None)
    registrations = RegistrationSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "id_number_masked", "employer", "employer_name", "phone", "registrations", "created_at"]
        read_only_fields = fields


class PersonCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=40, write_only=True, help_text=_("18 characters, GB 11643; checked."))
    employer = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    registrations = RegistrationSerializer(many=True, required=False)


class PersonUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, required=False)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    employer = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True)
    reason = serializers.CharField(max_length=2000)


class PersonIdNumberSerializer(serializers.Serializer):
    id_number = serializers.CharField()


class PersonBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name", "id_number_masked"]
        read_only_fields = fields


# --- projects ---------------------------------------------------------------------------


class UnitProjectBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitProject
        fields = ["id", "name"]
        read_only_fields = fields


class UnitProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitProject
        fields = [
            "id",
            "project",
            "name",
            "structure_type",
            "floors_above_ground",
            "floors_below_ground",
            "gross_floor_area",
            "created_at",
        ]
        read_only_fields = ["id", "project", "created_at"]
        validators: list = []


class PartySerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    organization_uscc = serializers.CharField(source="organization.uscc", read_only=True)

    class Meta:
        model = Participant
        fields = [
            "id",
            "role",
            "organization",
            "organization_name",
            "organization_uscc",
            "contract_number",
            "joined_on",
            "left_on",
            "leave_reason",
        ]
        read_only_fields = fields


class PartyCreateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(PartyRole.choices)
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    contract_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    joined_on = serializers.DateField()


class PartyLeaveSerializer(serializers.Serializer):
    left_on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class ProjectSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region_id", read_only=True)
    region_name = serializers.SerializerMethodField()
    unit_projects = UnitProjectBriefSerializer(many=True, read_only=True)
    registered_by = OrganizationBriefSerializer(read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "permit_number",
            "supervision_number",
            "region_code",
            "region_name",
            "address",
            "design_service_life_years",
            "status",
            "started_on",
            "completed_on",
            "lifetime_until",
            "registered_by",
            "unit_projects",
            "created_at",
        ]
        read_only_fields = fields

    def get_region_name(self, obj: Project) -> str:
        return region_full_name(obj.region_id)


class ProjectCreateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text=_("投资项目代码, e.g. 2024-330106-47-01-000123"))
    name = serializers.CharField(max_length=200)
    region_code = serializers.CharField(max_length=6, min_length=6)
    address = serializers.CharField(max_length=255)
    design_service_life_years = serializers.IntegerField(min_value=1, max_value=200)
    permit_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    supervision_number = serializers.CharField(max_length=64, required=False, allow_blank=True)


class ProjectUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    address = serializers.CharField(max_length=255, required=False)
    permit_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    supervision_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    design_service_life_years = serializers.IntegerField(min_value=1, max_value=200, required=False)
    reason = serializers.CharField(max_length=2000)


class ProjectStartSerializer(serializers.Serializer):
    started_on = serializers.DateField()


class ProjectCompleteSerializer(serializers.Serializer):
    completed_on = serializers.DateField()


# --- accounts, history, notifications ------------------------------------------------------


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "organization",
            "jurisdiction",
            "person",
            "is_active",
        ]
        read_only_fields = fields


class UserCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    role = serializers.ChoiceField(Role.choices)
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    jurisdiction = serializers.CharField(max_length=6, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class ChangeRecordSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_name")
    target_type = serializers.SerializerMethodField()
    target = serializers.CharField(source="target_repr")

    class Meta:
        model = ChangeRecord
        fields = [
            "id",
            "at",
            "actor",
            "action",
            "target_type",
            "target_id",
            "target",
            "before",
            "after",
            "reason",
            "request_id",
        ]
        read_only_fields = fields

    def get_target_type(self, obj: ChangeRecord) -> str:
        return f"{obj.target_type.app_label}.{obj.target_type.model}"


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "project", "created_at", "read_at"]
        read_only_fields = fields
