"""API shapes for inspections, rectifications, covering records and spot checks (docs/api.md).

Output serializers read prefetched data only. Input serializers check types,
run the photo upload checks (validate_photos) and resolve ids; the domain
rules stay in the services, so the API, the pages and the commands agree.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inspections.models import (
    CoverRecord,
    DivisionCategory,
    Inspection,
    InspectionKind,
    KeyProcess,
    Photo,
    Rectification,
    RectificationReply,
    Result,
    RosterInspector,
    Signature,
    SignerRole,
    SpotCheck,
    SpotCheckDraw,
)
from inspections.rules import COSIGNER_ROLES
from inspections.services._util import checked_photos
from projects.models import Person

# --- shared pieces ---------------------------------------------------------------------------


class PhotoSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="file_id", read_only=True)
    url = serializers.SerializerMethodField()
    preview_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    flagged = serializers.BooleanField(source="is_flagged", read_only=True)

    class Meta:
        model = Photo
        fields = [
            "id",
            "url",
            "preview_url",
            "thumbnail_url",
            "taken_at",
            "latitude",
            "longitude",
            "age_check",
            "flagged",
        ]
        read_only_fields = fields

    def _url(self, obj, variant: str = "") -> str:
        url = reverse("common:file", args=[obj.file_id])
        return f"{url}?variant={variant}" if variant else url

    def get_url(self, obj) -> str:
        return self._url(obj)

    def get_preview_url(self, obj) -> str:
        return self._url(obj, "preview")

    def get_thumbnail_url(self, obj) -> str:
        return self._url(obj, "thumbnail")


class SignatureSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True, default=None)

    class Meta:
        model = Signature
        fields = [
            "person",
            "person_name",
            "role",
            "organization",
            "organization_name",
            "registration_number",
            "signed_on",
        ]
        read_only_fields = fields


class PhotoUploadsField(serializers.ListField):
    """Photos as repeated multipart `photos` parts; checked by common.uploads."""

    child = serializers.FileField()

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_empty", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        files = super().to_internal_value(data)
        from django.core.exceptions import ValidationError as DjangoValidationError

        try:
            return checked_photos(files, field=self.field_name)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict.get(self.field_name, exc.messages)) from None


# --- inspections -------------------------------------------------------------------------------


class InspectionSerializer(serializers.ModelSerializer):
    unit_project_name = serializers.CharField(source="unit_project.name", read_only=True)
    inspector_name = serializers.CharField(source="inspector.name", read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)
    signatures = SignatureSerializer(many=True, read_only=True)
    counting = serializers.BooleanField(source="is_counting", read_only=True)
    corrected_by = serializers.SerializerMethodField()
    notice_hours = serializers.FloatField(read_only=True, allow_null=True)
    late_notice = serializers.BooleanField(read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "project",
            "unit_project",
            "unit_project_name",
            "location",
            "kind",
            "name",
            "division_category",
            "performed_on",
            "inspector",
            "inspector_name",
            "result",
            "findings",
            "measured_values",
            "photos",
            "parent",
            "signatures",
            "key_process",
            "notice_given_at",
            "process_started_at",
            "notice_hours",
            "late_notice",
            "counting",
            "corrects",
            "correction_reason",
            "corrected_by",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_corrected_by(self, obj) -> int | None:
        try:
            return obj.corrected_by.pk
        except Inspection.corrected_by.RelatedObjectDoesNotExist:
            return None


class CosignerSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    role = serializers.ChoiceField(choices=[(r, SignerRole(r).label) for r in COSIGNER_ROLES])


class _InspectionFields(serializers.Serializer):
    unit_project = serializers.IntegerField()
    name = serializers.CharField(max_length=200)
    location = serializers.CharField(max_length=400, required=False, allow_blank=True)
    division_category = serializers.ChoiceField(choices=DivisionCategory.choices, required=False, allow_blank=True)
    performed_on = serializers.DateField()
    result = serializers.ChoiceField(choices=Result.choices)
    findings = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    measured_values = serializers.JSONField(
        required=False, help_text=_("Name → value pairs; in multipart, a JSON text.")
    )
    inspector = serializers.IntegerField(required=False, help_text=_("A person; by default the signed-in user's."))
    cosigners = serializers.JSONField(
        required=False, help_text=_('[{"person": id, "role": capacity}]; in multipart, a JSON text.')
    )
    children = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("Records one level below that this acceptance covers."),
    )
    photos = PhotoUploadsField()
    key_process = serializers.ChoiceField(choices=KeyProcess.choices, required=False, allow_blank=True)
    notice_given_at = serializers.DateTimeField(required=False, allow_null=True)
    process_started_at = serializers.DateTimeField(required=False, allow_null=True)

    def validate_cosigners(self, value):
        if not isinstance(value, list):
            raise serializers.ValidationError(_('A list of {"person", "role"} objects.'))
        rows = CosignerSerializer(data=value, many=True)
        rows.is_valid(raise_exception=True)
        ids = {r["person"] for r in rows.validated_data}
        people = Person.objects.in_bulk(ids)
        missing = ids - set(people)
        if missing:
            raise serializers.ValidationError(
                _("Unknown person: %(ids)s.") % {"ids": ", ".join(str(i) for i in sorted(missing))}
            )
        return [{"person": people[r["person"]], "role": r["role"]} for r in rows.validated_data]

    def validate_inspector(self, value):
        person = Person.objects.filter(pk=value).first()
        if person is None:
            raise serializers.ValidationError(_("Unknown person."))
        return person

    def validate_unit_project(self, value):
        from projects.models import UnitProject

        unit = UnitProject.objects.filter(pk=value).first()
        if unit is None:
            raise serializers.ValidationError(_("Unknown unit project."))
        return unit


class InspectionCreateSerializer(_InspectionFields):
    project = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=InspectionKind.choices)


class InspectionCorrectSerializer(_InspectionFields):
    reason = serializers.CharField(max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "reason":
                field.required = False


class CoverRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoverRecord
        fields = ["id", "project", "unit_project", "location", "covered_on", "concealed_works", "note", "created_at"]
        read_only_fields = fields


class CoverRecordCreateSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    unit_project = serializers.IntegerField()
    location = serializers.CharField(max_length=400)
    covered_on = serializers.DateField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


# --- the acceptance tree ------------------------------------------------------------------------


class LotCountSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    passed = serializers.IntegerField()
    failed = serializers.IntegerField()


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TreeNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=InspectionKind.choices)
    name = serializers.CharField()
    division_category = serializers.CharField()
    location = serializers.CharField()
    performed_on = serializers.DateField()
    result = serializers.ChoiceField(choices=Result.choices)
    inspector = PersonRefSerializer()
    lots = LotCountSerializer(required=False, help_text=_("Counting inspection lots under a sub-item."))
    children = serializers.ListField(
        child=serializers.DictField(), required=False, help_text=_("Nodes one level below.")
    )
    lot_records = serializers.ListField(child=serializers.DictField(), required=False)


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PendingSerializer(serializers.Serializer):
    inspection_lot = TreeNodeSerializer(many=True)
    sub_item = TreeNodeSerializer(many=True)
    division = TreeNodeSerializer(many=True)


class AcceptanceTreeSerializer(serializers.Serializer):
    unit_project = UnitRefSerializer()
    acceptances = TreeNodeSerializer(
        many=True, help_text=_("Unit acceptances, each with its divisions, sub-items and lots.")
    )
    pending = PendingSerializer(help_text=_("Counting records not yet covered by a higher level, by level."))
    pending_lots = LotCountSerializer()


# --- rectifications ----------------------------------------------------------------------------


class ReplySerializer(serializers.ModelSerializer):
    photos = PhotoSerializer(many=True, read_only=True)
    replied_by = serializers.CharField(source="replied_by.username", read_only=True, default=None)

    class Meta:
        model = RectificationReply
        fields = ["id", "text", "replied_on", "replied_by", "photos", "created_at"]
        read_only_fields = fields


class PartyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")


class RectificationSerializer(serializers.ModelSerializer):
    issued_to = PartyRefSerializer(read_only=True)
    issuing_organization_name = serializers.CharField(source="issuing_organization.name", read_only=True)
    reply = serializers.SerializerMethodField()
    replies = ReplySerializer(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Rectification
        fields = [
            "id",
            "number",
            "inspection",
            "project",
            "issued_to",
            "issuer",
            "issuing_organization",
            "issuing_organization_name",
            "requirement",
            "issued_on",
            "due_on",
            "status",
            "overdue",
            "reply",
            "replies",
            "closed_on",
        ]
        read_only_fields = fields

    @extend_schema_field(ReplySerializer(allow_null=True))
    def get_reply(self, obj):
        replies = list(obj.replies.all())
        return ReplySerializer(replies[-1]).data if replies else None

    def get_overdue(self, obj) -> bool:
        from django.utils import timezone

        return obj.is_overdue(timezone.localdate())


class RectificationCreateSerializer(serializers.Serializer):
    inspection = serializers.IntegerField()
    issued_to = serializers.IntegerField(help_text=_("A party (GET /projects/{id}/parties/)."))
    due_on = serializers.DateField()
    requirement = serializers.CharField(max_length=5000)
    issued_on = serializers.DateField(required=False)


class RectificationReplySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    photos = PhotoUploadsField()
    replied_on = serializers.DateField(required=False)


class RectificationCloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField(required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class RectificationReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    due_on = serializers.DateField()


# --- spot checks -------------------------------------------------------------------------------


class RosterSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = RosterInspector
        fields = ["id", "agency", "person", "person_name", "badge_number", "joined_on", "left_on"]
        read_only_fields = fields


class RosterCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    badge_number = serializers.CharField(max_length=40)
    joined_on = serializers.DateField(required=False)


class SpotCheckSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True)
    district = serializers.CharField(source="project.region_id", read_only=True)
    inspectors = RosterSerializer(many=True, read_only=True)
    drawn_on = serializers.DateField(source="draw.drawn_on", read_only=True)

    class Meta:
        model = SpotCheck
        fields = [
            "id",
            "draw",
            "drawn_on",
            "position",
            "project",
            "project_name",
            "project_code",
            "district",
            "inspectors",
            "checked_on",
            "items",
            "findings",
            "result",
            "inspection",
            "recorded_on",
            "publish_on",
        ]
        read_only_fields = fields


class SpotCheckItemSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=200)
    result = serializers.ChoiceField(choices=Result.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class SpotCheckRecordSerializer(serializers.Serializer):
    checked_on = serializers.DateField()
    items = SpotCheckItemSerializer(many=True)
    findings = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    result = serializers.ChoiceField(choices=Result.choices)
    unit_project = serializers.IntegerField(required=False)


class SpotCheckDrawSerializer(serializers.ModelSerializer):
    checks = SpotCheckSerializer(many=True, read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = SpotCheckDraw
        fields = [
            "id",
            "agency",
            "agency_name",
            "region_code",
            "share",
            "inspectors_per_check",
            "seed",
            "algorithm",
            "project_pool",
            "inspector_pool",
            "drawn_on",
            "checks",
        ]
        read_only_fields = fields


class SpotCheckDrawCreateSerializer(serializers.Serializer):
    region_code = serializers.CharField(max_length=6)
    share = serializers.DecimalField(max_digits=4, decimal_places=3)
    inspectors_per_check = serializers.IntegerField()
    seed = serializers.CharField(max_length=64, required=False, allow_blank=True)


class PublicSpotCheckSerializer(serializers.ModelSerializer):
    """What the public page shows: never an ID number."""

    project_name = serializers.CharField(source="project.name")
    project_code = serializers.CharField(source="project.code")
    district = serializers.CharField(source="project.region_id")
    inspectors = serializers.SerializerMethodField()

    class Meta:
        model = SpotCheck
        fields = [
            "id",
            "project_name",
            "project_code",
            "district",
            "checked_on",
            "result",
            "findings",
            "items",
            "inspectors",
            "publish_on",
        ]
        read_only_fields = fields

    def get_inspectors(self, obj) -> list[str]:
        return [e.person.name for e in obj.inspectors.all()]


class ConformitySerializer(serializers.Serializer):
    district = serializers.CharField()
    district_name = serializers.CharField()
    month = serializers.CharField()
    checks = serializers.IntegerField()
    passed = serializers.IntegerField()
    rate = serializers.FloatField()
