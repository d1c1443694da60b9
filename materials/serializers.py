"""API shapes for materials (docs/api.md, "Materials"). Rules live in the services."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.uploads import DOCUMENT, check_upload
from materials.models import (
    Batch,
    BatchStatus,
    ImportJob,
    MaterialType,
    NonConformance,
    Recall,
    Sample,
    TestReport,
    Unit,
    Usage,
    WitnessAuthorization,
)
from projects.models import Person, UnitProject


def _file_url(f) -> str | None:
    return f.download_url if f is not None else None


class CheckedFileField(serializers.FileField):
    """A document upload (PDF, JPEG, PNG) checked by its bytes; validated data is a CheckedUpload."""

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        from django.core.exceptions import ValidationError as DjangoValidationError

        try:
            return check_upload(upload, DOCUMENT)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class MaterialTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = MaterialType
        fields = ["id", "code", "name", "name_en", "category", "standard", "witness_required", "default_unit"]
        read_only_fields = fields


class ProjectBriefField(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class BatchSerializer(serializers.ModelSerializer):
    material_type_code = serializers.CharField(source="material_type.code", read_only=True)
    material_type_name = serializers.CharField(source="material_type.name", read_only=True)
    witness_required = serializers.BooleanField(source="material_type.witness_required", read_only=True)
    manufacturer_name = serializers.CharField(source="manufacturer.name", read_only=True)
    manufacturer_uscc = serializers.CharField(source="manufacturer.uscc", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True, default=None)
    certificate = serializers.SerializerMethodField()
    certificate_sha256 = serializers.CharField(source="certificate.sha256", read_only=True, default=None)
    factory_report = serializers.SerializerMethodField()
    factory_report_sha256 = serializers.CharField(source="factory_report.sha256", read_only=True, default=None)

    class Meta:
        model = Batch
        fields = [
            "id",
            "project",
            "material_type",
            "material_type_code",
            "material_type_name",
            "witness_required",
            "spec",
            "manufacturer",
            "manufacturer_name",
            "manufacturer_uscc",
            "supplier",
            "supplier_name",
            "batch_number",
            "quantity",
            "unit",
            "produced_on",
            "arrived_on",
            "certificate_number",
            "certificate",
            "certificate_sha256",
            "factory_report",
            "factory_report_sha256",
            "status",
            "accepted_by_name",
            "accepted_on",
            "accepted_at",
            "acceptance_note",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_certificate(self, obj) -> str | None:
        return _file_url(obj.certificate)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_factory_report(self, obj) -> str | None:
        return _file_url(obj.factory_report)


class BatchCreateSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    material_type = serializers.CharField(max_length=40, help_text=_("Catalogue code (e.g. rebar_hrb) or id."))
    spec = serializers.CharField(max_length=100)
    manufacturer = serializers.CharField(max_length=40, help_text=_("USCC or id of a registered manufacturer."))
    supplier = serializers.CharField(max_length=40, required=False, allow_blank=True)
    batch_number = serializers.CharField(max_length=64)
    quantity = serializers.DecimalField(max_digits=20, decimal_places=6)
    unit = serializers.ChoiceField(Unit.choices)
    produced_on = serializers.DateField(required=False, allow_null=True)
    arrived_on = serializers.DateField()
    certificate_number = serializers.CharField(max_length=64, required=False, allow_blank=True)
    certificate = CheckedFileField(required=False, help_text=_("合格证: PDF, JPEG or PNG."))
    factory_report = CheckedFileField(required=False, help_text=_("出厂检验报告: PDF, JPEG or PNG."))


class BatchAcceptSerializer(serializers.Serializer):
    result = serializers.ChoiceField([BatchStatus.ACCEPTED, BatchStatus.REJECTED])
    accepted_on = serializers.DateField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class TraceUsageSerializer(serializers.ModelSerializer):
    project = serializers.SerializerMethodField()
    unit_project = serializers.CharField(source="unit_project.name")
    unit_project_id = serializers.IntegerField()
    batch = serializers.IntegerField(source="batch_id")

    class Meta:
        model = Usage
        fields = [
            "id",
            "batch",
            "project",
            "unit_project",
            "unit_project_id",
            "location",
            "quantity",
            "used_on",
            "withdrawn_on",
        ]
        read_only_fields = fields

    @extend_schema_field(ProjectBriefField)
    def get_project(self, obj) -> dict:
        return {"id": obj.project.pk, "code": obj.project.code, "name": obj.project.name}

    def to_representation(self, obj) -> dict:
        # A trace lists up to TRACE_LIMIT usages: each row is built here directly, as DRF's
        # generic path would build it from the fields above (which still describe it for the
        # schema) at a fraction of the cost; tests compare the two.
        fields = self.fields
        return {
            "id": obj.pk,
            "batch": obj.batch_id,
            "project": self.get_project(obj),
            "unit_project": obj.unit_project.name,
            "unit_project_id": obj.unit_project_id,
            "location": obj.location,
            "quantity": fields["quantity"].to_representation(obj.quantity),
            "used_on": fields["used_on"].to_representation(obj.used_on),
            "withdrawn_on": None
            if obj.withdrawn_on is None
            else fields["withdrawn_on"].to_representation(obj.withdrawn_on),
        }


class BatchTraceSerializer(serializers.Serializer):
    batch = BatchSerializer()
    usages = TraceUsageSerializer(many=True)


class MaterialTraceBatchSerializer(BatchSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    region_code = serializers.CharField(source="project.region_id", read_only=True)
    usages = TraceUsageSerializer(many=True, source="trace_usages", read_only=True)

    class Meta(BatchSerializer.Meta):
        fields = [*BatchSerializer.Meta.fields, "project_code", "project_name", "region_code", "usages"]
        read_only_fields = fields


class MaterialTraceSerializer(serializers.Serializer):
    manufacturer = serializers.CharField()
    batch_number = serializers.CharField()
    batches = MaterialTraceBatchSerializer(many=True)


class ReportBriefSerializer(serializers.ModelSerializer):
    file = serializers.SerializerMethodField()

    class Meta:
        model = TestReport
        fields = ["id", "report_number", "tested_on", "conclusion", "file"]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_file(self, obj) -> str | None:
        return _file_url(obj.file)


class SampleSerializer(serializers.ModelSerializer):
    sampler_name = serializers.CharField(source="sampler.name", read_only=True)
    witness_name = serializers.CharField(source="witness.name", read_only=True, default=None)
    witnessed = serializers.BooleanField(read_only=True)
    lab_name = serializers.CharField(source="lab.name", read_only=True)
    material_type_name = serializers.CharField(source="batch.material_type.name", read_only=True)
    batch_number = serializers.CharField(source="batch.batch_number", read_only=True)
    reports = ReportBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Sample
        fields = [
            "id",
            "batch",
            "project",
            "batch_number",
            "material_type_name",
            "sample_number",
            "seal_number",
            "sampled_on",
            "sampling_location",
            "sampler",
            "sampler_name",
            "witness",
            "witness_name",
            "witnessed",
            "lab",
            "lab_name",
            "representative_quantity",
            "reports",
            "created_at",
        ]
        read_only_fields = fields


class SampleCreateSerializer(serializers.Serializer):
    batch = serializers.IntegerField()
    sample_number = serializers.CharField(max_length=64)
    seal_number = serializers.CharField(max_length=64)
    sampled_on = serializers.DateField()
    sampling_location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    sampler = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    witness = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    lab = serializers.CharField(max_length=40, help_text=_("USCC or id of a registered testing lab."))
    representative_quantity = serializers.DecimalField(max_digits=20, decimal_places=6)


class JSONObjectField(serializers.JSONField):
    """A JSON object; in multipart forms it may come as a JSON string."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data) if data.strip() else {}
            except ValueError:
                raise serializers.ValidationError(_("Give the measured values as JSON.")) from None
        if not isinstance(data, dict):
            raise serializers.ValidationError(_("Give the measured values as an object of name: value."))
        if len(json.dumps(data)) > 20000:
            raise serializers.ValidationError(_("Too many measured values (20 kB at most)."))
        return data


class TestReportSerializer(serializers.ModelSerializer):
    __test__ = False

    file = serializers.SerializerMethodField()
    file_sha256 = serializers.CharField(source="file.sha256", read_only=True, default=None)
    lab_name = serializers.CharField(source="lab.name", read_only=True)
    batch = serializers.IntegerField(source="sample.batch_id", read_only=True)

    class Meta:
        model = TestReport
        fields = [
            "id",
            "sample",
            "batch",
            "lab",
            "lab_name",
            "report_number",
            "tested_on",
            "conclusion",
            "values",
            "file",
            "file_sha256",
            "corrects",
            "reason",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_file(self, obj) -> str | None:
        return _file_url(obj.file)


class TestReportCreateSerializer(serializers.Serializer):
    __test__ = False

    sample = serializers.IntegerField()
    report_number = serializers.CharField(max_length=64)
    tested_on = serializers.DateField()
    conclusion = serializers.ChoiceField(TestReport.Conclusion.choices)
    values = JSONObjectField(required=False, default=dict)
    file = CheckedFileField(required=False, help_text=_("The lab's report: PDF, JPEG or PNG."))
    corrects = serializers.IntegerField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class UsageSerializer(serializers.ModelSerializer):
    unit_project_name = serializers.CharField(source="unit_project.name", read_only=True)
    material_type_name = serializers.CharField(source="batch.material_type.name", read_only=True)
    batch_number = serializers.CharField(source="batch.batch_number", read_only=True)

    class Meta:
        model = Usage
        fields = [
            "id",
            "batch",
            "batch_number",
            "material_type_name",
            "project",
            "unit_project",
            "unit_project_name",
            "location",
            "quantity",
            "used_on",
            "withdrawn_on",
            "withdraw_reason",
            "created_at",
        ]
        read_only_fields = fields


class UsageCreateSerializer(serializers.Serializer):
    batch = serializers.IntegerField()
    unit_project = serializers.PrimaryKeyRelatedField(queryset=UnitProject.objects.all())
    location = serializers.CharField(max_length=400)
    quantity = serializers.DecimalField(max_digits=20, decimal_places=6)
    used_on = serializers.DateField()


class WithdrawSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class BackwardTraceUsageSerializer(serializers.ModelSerializer):
    unit_project_name = serializers.CharField(source="unit_project.name")
    batch = serializers.SerializerMethodField()

    class Meta:
        model = Usage
        fields = ["id", "unit_project", "unit_project_name", "location", "quantity", "used_on", "withdrawn_on", "batch"]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField())
    def get_batch(self, obj) -> dict:
        b = obj.batch
        return {
            "id": b.pk,
            "material_type": b.material_type.name,
            "spec": b.spec,
            "manufacturer": b.manufacturer.name,
            "manufacturer_uscc": b.manufacturer.uscc,
            "batch_number": b.batch_number,
            "status": b.status,
            "certificate": _file_url(b.certificate),
            "samples": [
                {
                    "id": s.pk,
                    "sample_number": s.sample_number,
                    "sampled_on": s.sampled_on.isoformat(),
                    "witnessed": s.witnessed,
                    "lab": s.lab.name,
                    "reports": ReportBriefSerializer(s.reports.all(), many=True).data,
                }
                for s in b.samples.all()
            ],
        }


class BackwardTraceSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    unit_project = serializers.IntegerField(allow_null=True)
    location = serializers.CharField(allow_blank=True)
    usages = BackwardTraceUsageSerializer(many=True)


class WitnessShareSerializer(serializers.Serializer):
    material_type = serializers.CharField(source="material_type.code")
    material_type_name = serializers.CharField(source="material_type.name")
    witness_required = serializers.BooleanField(source="material_type.witness_required")
    batches = serializers.IntegerField()
    samples = serializers.IntegerField()
    witnessed = serializers.IntegerField()
    share = serializers.FloatField()
    minimum = serializers.FloatField()
    flags = serializers.ListField(child=serializers.CharField())


class WitnessAuthorizationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = WitnessAuthorization
        fields = [
            "id",
            "project",
            "person",
            "person_name",
            "party_role",
            "organization",
            "organization_name",
            "valid_from",
            "revoked_on",
            "revoke_reason",
            "created_at",
        ]
        read_only_fields = fields


class WitnessAuthorizationCreateSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    valid_from = serializers.DateField()


class RevokeSerializer(serializers.Serializer):
    revoked_on = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class NonConformanceSerializer(serializers.ModelSerializer):
    evidence = serializers.SerializerMethodField()
    report_number = serializers.CharField(source="report.report_number", read_only=True, default=None)

    class Meta:
        model = NonConformance
        fields = [
            "id",
            "batch",
            "project",
            "source",
            "report",
            "report_number",
            "recall",
            "opened_at",
            "regulator_notified_at",
            "notification_method",
            "disposition",
            "disposition_note",
            "evidence",
            "closed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_evidence(self, obj) -> str | None:
        return _file_url(obj.evidence)


class NonConformanceCloseSerializer(serializers.Serializer):
    disposition = serializers.ChoiceField(NonConformance.Disposition.choices)
    note = serializers.CharField(max_length=2000)
    evidence = CheckedFileField(help_text=_("Evidence of the disposition: PDF, JPEG or PNG."))


class RecallCreateSerializer(serializers.Serializer):
    manufacturer = serializers.CharField(max_length=40, help_text=_("USCC (or id) of the manufacturer."))
    batch_number = serializers.CharField(max_length=64)
    reason = serializers.CharField(max_length=2000)


class RecallBatchSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="batch.id")
    project = serializers.IntegerField(source="batch.project_id")
    project_code = serializers.CharField(source="batch.project.code")
    project_name = serializers.CharField(source="batch.project.name")
    material_type = serializers.CharField(source="batch.material_type.name")
    spec = serializers.CharField(source="batch.spec")
    quantity = serializers.DecimalField(source="batch.quantity", max_digits=12, decimal_places=3)
    unit = serializers.CharField(source="batch.unit")
    previous_status = serializers.CharField()
    status = serializers.CharField(source="batch.status")


class RecallProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="project.id")
    code = serializers.CharField(source="project.code")
    name = serializers.CharField(source="project.name")
    region_code = serializers.CharField(source="project.region_id")
    batches = serializers.SerializerMethodField()
    locations = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_batches(self, row) -> list[int]:
        return [e.batch_id for e in row["batches"]]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_locations(self, row) -> list[str]:
        return sorted({f"{u.unit_project.name}/{u.location}" for u in row["usages"]})


class RecallUsageSerializer(serializers.ModelSerializer):
    unit_project_name = serializers.CharField(source="unit_project.name")

    class Meta:
        model = Usage
        fields = [
            "id",
            "batch",
            "project",
            "unit_project",
            "unit_project_name",
            "location",
            "quantity",
            "used_on",
            "withdrawn_on",
        ]
        read_only_fields = fields


class RecallSerializer(serializers.ModelSerializer):
    manufacturer_name = serializers.CharField(source="manufacturer.name", read_only=True)
    manufacturer_uscc = serializers.CharField(source="manufacturer.uscc", read_only=True)
    opened_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Recall
        fields = [
            "id",
            "manufacturer",
            "manufacturer_name",
            "manufacturer_uscc",
            "batch_number",
            "reason",
            "jurisdiction",
            "opened_by_name",
            "opened_at",
        ]
        read_only_fields = fields

    def get_opened_by_name(self, obj) -> str:
        return obj.opened_by.get_full_name() or obj.opened_by.get_username()


class RecallDetailSerializer(serializers.Serializer):
    """A recall with its counts and lists: every batch, project and location it reached."""

    recall = RecallSerializer()
    batch_count = serializers.IntegerField()
    project_count = serializers.IntegerField()
    usage_count = serializers.IntegerField()
    batches = RecallBatchSerializer(many=True)
    projects = RecallProjectSerializer(many=True)
    usages = RecallUsageSerializer(many=True)
    xlsx_url = serializers.CharField()
    pdf_url = serializers.CharField()


class ImportJobSerializer(serializers.ModelSerializer):
    progress = serializers.IntegerField(read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "project",
            "kind",
            "status",
            "original_name",
            "sha256",
            "total_rows",
            "processed_rows",
            "progress",
            "error_count",
            "errors",
            "created_count",
            "message",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class ImportCreateSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    kind = serializers.ChoiceField(ImportJob.Kind.choices)
    file = serializers.FileField(help_text=_("xlsx or CSV (UTF-8 or GB18030), first row the column names."))
