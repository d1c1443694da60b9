"""API shapes for defects, accountability traces and cases (docs/api.md, "Defects and accountability")."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from projects.models import Organization, PartyRole, Project, UnitProject
from responsibility.models import AccountabilityCase, CaseFinding, CaseMeasure, CaseSubject, Defect
from responsibility.models.defects import ComplaintChannel, DefectKind, MeasureKind, Severity
from responsibility.warranty import WorkCategory


class DefectPhotoSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="file.id")
    url = serializers.CharField(source="file.download_url")
    thumbnail_url = serializers.SerializerMethodField()
    taken_at = serializers.DateTimeField(source="file.taken_at", allow_null=True)
    sha256 = serializers.CharField(source="file.sha256")

    def get_thumbnail_url(self, obj) -> str:
        return f"{obj.file.download_url}?variant=thumbnail"


class DefectSerializer(serializers.ModelSerializer):
    photos = DefectPhotoSerializer(many=True, read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    unit_project_name = serializers.CharField(source="unit_project.name", read_only=True, default=None)

    class Meta:
        model = Defect
        fields = [
            "id",
            "project",
            "project_name",
            "unit_project",
            "unit_project_name",
            "location",
            "kind",
            "work_category",
            "discovered_on",
            "description",
            "severity",
            "status",
            "resolved_on",
            "resolution",
            "complainant",
            "channel",
            "occurred_at",
            "deaths",
            "serious_injuries",
            "direct_loss",
            "grade",
            "reported_to_authority_at",
            "photos",
            "created_at",
        ]
        read_only_fields = fields


class DefectCreateSerializer(serializers.Serializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    unit_project = serializers.PrimaryKeyRelatedField(
        queryset=UnitProject.objects.all(), required=False, allow_null=True
    )
    location = serializers.CharField(max_length=255, required=False, allow_blank=True)
    kind = serializers.ChoiceField(DefectKind.choices, default=DefectKind.DEFECT)
    work_category = serializers.ChoiceField(WorkCategory.choices)
    discovered_on = serializers.DateField()
    description = serializers.CharField(max_length=5000)
    severity = serializers.ChoiceField(Severity.choices, default=Severity.SERIOUS)
    photos = serializers.ListField(child=serializers.FileField(), required=False, max_length=12)
    complainant = serializers.CharField(max_length=100, required=False, allow_blank=True)
    complainant_contact = serializers.CharField(max_length=100, required=False, allow_blank=True)
    channel = serializers.ChoiceField(ComplaintChannel.choices, required=False, allow_blank=True)
    occurred_at = serializers.DateTimeField(required=False, allow_null=True)
    deaths = serializers.IntegerField(min_value=0, max_value=100000, required=False, allow_null=True)
    serious_injuries = serializers.IntegerField(min_value=0, max_value=100000, required=False, allow_null=True)
    direct_loss = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    reported_to_authority_at = serializers.DateTimeField(required=False, allow_null=True)


class DefectResolveSerializer(serializers.Serializer):
    resolved_on = serializers.DateField()
    resolution = serializers.CharField(max_length=5000)


# --- the accountability trace -----------------------------------------------------------


class WarrantySerializer(serializers.Serializer):
    category = serializers.ChoiceField(WorkCategory.choices)
    term = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    in_warranty = serializers.BooleanField(allow_null=True)


class TraceLeadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.CharField()
    person_id = serializers.IntegerField()
    organization = serializers.CharField()
    registration_number = serializers.CharField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField()
    on_duty_when_built = serializers.BooleanField(
        allow_null=True, help_text=_("null: no work records at this location")
    )
    on_duty_on = serializers.ListField(child=serializers.DateField())


class TracePartySerializer(serializers.Serializer):
    role = serializers.ChoiceField(PartyRole.choices)
    role_label = serializers.CharField()
    organization = serializers.CharField(allow_null=True)
    organization_uscc = serializers.CharField(allow_null=True)
    organizations = serializers.ListField(child=serializers.DictField())
    leads = TraceLeadSerializer(many=True)


class TraceSignatureSerializer(serializers.Serializer):
    person = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField()


class TraceInspectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    name = serializers.CharField()
    location = serializers.CharField()
    performed_on = serializers.DateField()
    result = serializers.CharField()
    result_label = serializers.CharField()
    inspector = serializers.CharField(allow_null=True)
    signatures = TraceSignatureSerializer(many=True)


class TraceReportSerializer(serializers.Serializer):
    report_number = serializers.CharField()
    lab = serializers.CharField()
    tested_on = serializers.DateField()
    conclusion = serializers.CharField()
    conclusion_label = serializers.CharField()


class TraceSampleSerializer(serializers.Serializer):
    sample_number = serializers.CharField()
    sampled_on = serializers.DateField()
    witnessed_by = serializers.CharField(allow_null=True)
    reports = TraceReportSerializer(many=True)


class TraceMaterialSerializer(serializers.Serializer):
    batch_id = serializers.IntegerField()
    material_type = serializers.CharField()
    spec = serializers.CharField()
    manufacturer = serializers.CharField()
    manufacturer_uscc = serializers.CharField()
    batch_number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    certificate_number = serializers.CharField()
    certificate_sha256 = serializers.CharField(allow_null=True)
    location = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    unit = serializers.CharField()
    used_on = serializers.DateField()
    samples = TraceSampleSerializer(many=True)


class AccountabilitySerializer(serializers.Serializer):
    defect = DefectSerializer()
    warranty = WarrantySerializer()
    lifetime_until = serializers.DateField(allow_null=True)
    within_lifetime = serializers.BooleanField(allow_null=True)
    built_from = serializers.DateField(allow_null=True)
    built_until = serializers.DateField(allow_null=True)
    has_work_records = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)
    responsible = TracePartySerializer(many=True)
    work_records = TraceInspectionSerializer(many=True)
    materials = TraceMaterialSerializer(many=True)


def _day(value):
    return value.isoformat() if value is not None else None


def accountability_data(trace) -> dict:
    """The trace as AccountabilitySerializer renders it, built directly.

    DRF serialises a nested trace field by field (a trace of a whole unit has thousands of
    fields, ~10 µs each); this builds the same JSON in a fraction of that. The serializer
    stays the schema (drf-spectacular) and the reference: tests/responsibility/
    test_accountability_payload.py checks both give the same document.
    """
    iso = _iso_cache()
    converted: dict[int, list] = {}

    def batch_samples(batch_id: int, samples: list[dict]) -> list[dict]:
        # Every usage of a batch carries the batch's samples: convert them once per batch.
        if batch_id not in converted:
            converted[batch_id] = [
                {
                    **sample,
                    "sampled_on": iso(sample["sampled_on"]),
                    "reports": [{**r, "tested_on": iso(r["tested_on"])} for r in sample["reports"]],
                }
                for sample in samples
            ]
        return converted[batch_id]

    w = trace.warranty
    return {
        "defect": _DEFECT.to_representation(trace.defect),
        "warranty": {
            "category": w["category"],
            "term": str(w["term"]),
            "starts_on": _day(w["starts_on"]),
            "expires_on": _day(w["expires_on"]),
            "in_warranty": w["in_warranty"],
        },
        "lifetime_until": _day(trace.lifetime_until),
        "within_lifetime": trace.within_lifetime,
        "built_from": _day(trace.built_from),
        "built_until": _day(trace.built_until),
        "has_work_records": trace.has_work_records,
        "note": str(trace.note),
        "responsible": [
            {
                "role": party.role,
                "role_label": str(party.role_label),
                "organization": party.organization,
                "organization_uscc": party.organization_uscc,
                "organizations": [
                    {
                        "name": o["name"],
                        "uscc": o["uscc"],
                        "joined_on": _day(o["joined_on"]),
                        "left_on": _day(o["left_on"]),
                    }
                    for o in party.organizations
                ],
                "leads": [
                    {
                        "id": lead.id,
                        "person": lead.person,
                        "person_id": lead.person_id,
                        "organization": lead.organization,
                        "registration_number": lead.registration_number,
                        "started_on": _day(lead.started_on),
                        "ended_on": _day(lead.ended_on),
                        "end_reason": lead.end_reason,
                        "on_duty_when_built": lead.on_duty_when_built,
                        "on_duty_on": [d.isoformat() for d in lead.on_duty_on],
                    }
                    for lead in party.leads
                ],
            }
            for party in trace.responsible
        ],
        "work_records": [
            {
                "id": r["id"],
                "kind": r["kind"],
                "kind_label": r["kind_label"],
                "name": r["name"],
                "location": r["location"],
                "performed_on": iso(r["performed_on"]),
                "result": r["result"],
                "result_label": r["result_label"],
                "inspector": r["inspector"],
                "signatures": r["signatures"],
            }
            for r in trace.work_records
        ],
        "materials": [
            {
                **m,
                "quantity": f"{m['quantity'].quantize(QUANTITY_STEP):f}",
                "used_on": iso(m["used_on"]),
                "samples": batch_samples(m["batch_id"], m["samples"]),
            }
            for m in trace.materials
        ],
    }


def _iso_cache():
    """date -> 'YYYY-MM-DD', remembering each date (a large trace repeats a few hundred dates)."""
    cache: dict = {}

    def iso(day):
        text = cache.get(day)
        if text is None:
            text = cache[day] = day.isoformat()
        return text

    return iso


QUANTITY_STEP = Decimal("0.001")  # TraceMaterialSerializer.quantity: 3 decimal places
#: Building a ModelSerializer's fields from the model takes ~2 ms; representing one defect with
#: them ~0.1 ms. to_representation() keeps no state between calls (times follow the active
#: timezone at each call), so one instance serves every trace.
_DEFECT = DefectSerializer()


# --- cases -----------------------------------------------------------------------------------


class CaseFindingSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.username")

    class Meta:
        model = CaseFinding
        fields = ["id", "text", "recorded_by", "recorded_at"]
        read_only_fields = fields


class CaseSubjectSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name")
    lead_person = serializers.CharField(source="lead.person.name", default=None)

    class Meta:
        model = CaseSubject
        fields = ["id", "role", "organization", "organization_name", "lead", "lead_person", "basis", "recorded_at"]
        read_only_fields = fields


class CaseMeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseMeasure
        fields = ["id", "subject", "kind", "amount", "months", "details", "decided_on", "withdraws", "recorded_at"]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    defects = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    findings = CaseFindingSerializer(many=True, read_only=True)
    subjects = CaseSubjectSerializer(many=True, read_only=True)
    measures = CaseMeasureSerializer(many=True, read_only=True)

    class Meta:
        model = AccountabilityCase
        fields = [
            "id",
            "number",
            "project",
            "defects",
            "trigger",
            "summary",
            "status",
            "opened_on",
            "decided_on",
            "closed_on",
            "findings",
            "subjects",
            "measures",
        ]
        read_only_fields = fields


class CaseCreateSerializer(serializers.Serializer):
    defects = serializers.PrimaryKeyRelatedField(queryset=Defect.objects.all(), many=True)
    trigger = serializers.ChoiceField(AccountabilityCase.Trigger.choices)
    summary = serializers.CharField(max_length=200)
    opened_on = serializers.DateField()
    finding = serializers.CharField(max_length=10000, required=False, allow_blank=True)


class CaseFindingCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10000)


class CaseSubjectCreateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(PartyRole.choices)
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    lead = serializers.IntegerField(required=False, allow_null=True)
    basis = serializers.CharField(max_length=5000)


class CaseMeasureCreateSerializer(serializers.Serializer):
    subject = serializers.IntegerField()
    kind = serializers.ChoiceField(MeasureKind.choices)
    decided_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    months = serializers.IntegerField(min_value=1, max_value=600, required=False, allow_null=True)
    details = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class CaseWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)
    decided_on = serializers.DateField()


class CaseDateSerializer(serializers.Serializer):
    day = serializers.DateField()
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True)
