"""REST API for materials (docs/api.md, "Materials").

Views parse input, pick objects through materials.access (404 out of sight,
403 seen but not allowed), call one service or selector and answer with an
output serializer. Lasting records have no DELETE (405). Every list can be
exported as xlsx at `<list>/export/` with the same filters.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ConflictSerializer, IdFilter
from common.ids import as_id
from materials import access, exports, imports, selectors, services
from materials.models import Batch, BatchStatus, ImportJob, MaterialType, Sample, TestReport, Usage
from materials.rules import batch_number_key
from materials.serializers import (
    BackwardTraceSerializer,
    BatchAcceptSerializer,
    BatchCreateSerializer,
    BatchSerializer,
    BatchTraceSerializer,
    ImportCreateSerializer,
    ImportJobSerializer,
    MaterialTraceSerializer,
    MaterialTypeSerializer,
    NonConformanceCloseSerializer,
    NonConformanceSerializer,
    RecallCreateSerializer,
    RecallDetailSerializer,
    RecallSerializer,
    RevokeSerializer,
    SampleCreateSerializer,
    SampleSerializer,
    TestReportCreateSerializer,
    TestReportSerializer,
    UsageCreateSerializer,
    UsageSerializer,
    WithdrawSerializer,
    WitnessAuthorizationCreateSerializer,
    WitnessAuthorizationSerializer,
    WitnessShareSerializer,
)
from projects.access import get_project_for_user

CONFLICT = {409: OpenApiResponse(ConflictSerializer, description="A domain rule forbids this now.")}
READ_WRITE = ["get", "post", "head", "options"]
XLSX = OpenApiResponse(OpenApiTypes.BINARY, description="An xlsx workbook of the filtered list.")
UPLOADS = [MultiPartParser, FormParser, JSONParser]


class ExportMixin:
    """`GET <list>/export/`: the filtered list as xlsx (streamed; every row, not one page)."""

    export_name = "export"

    @extend_schema(responses={200: XLSX})
    @action(detail=False, methods=["get"])
    def export(self, request):
        qs = self.filter_queryset(self.get_queryset())
        return exports.list_xlsx(self.export_name, qs)


class MaterialTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """The shipped material catalogue, with the 211号 mandatory-witness flag."""

    serializer_class = MaterialTypeSerializer
    queryset = MaterialType.objects.filter(active=True).order_by("category", "code")
    pagination_class = None
    filterset_fields = ["category", "witness_required"]


# --- batches --------------------------------------------------------------------------------


class BatchFilter(filters.FilterSet):
    project = IdFilter(field_name="project_id")
    status = filters.ChoiceFilter(choices=BatchStatus.choices)
    material_type = filters.CharFilter(field_name="material_type__code")
    manufacturer = filters.CharFilter(method="by_manufacturer", label=_("manufacturer USCC"))
    batch_number = filters.CharFilter(method="by_number", label=_("batch or heat number"))
    q = filters.CharFilter(method="search", label=_("batch number or specification contains"))

    class Meta:
        model = Batch
        fields = ["project", "status", "material_type", "manufacturer", "batch_number", "q"]

    def by_manufacturer(self, qs, name, value):
        return qs.filter(manufacturer__uscc=batch_number_key(value))

    def by_number(self, qs, name, value):
        return qs.filter(batch_number_key=batch_number_key(value))

    def search(self, qs, name, value):
        return qs.filter(Q(batch_number__icontains=value) | Q(spec__icontains=value))


class BatchViewSet(ExportMixin, viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Material batches of the projects the user may see (labs: of the samples sent to them)."""

    serializer_class = BatchSerializer
    filterset_class = BatchFilter
    http_method_names = READ_WRITE
    parser_classes = UPLOADS
    export_name = "batches"

    def get_queryset(self):
        return selectors.batch_list(self.request.user)

    @extend_schema(
        request={"multipart/form-data": BatchCreateSerializer, "application/json": BatchCreateSerializer},
        responses={201: BatchSerializer, **CONFLICT},
    )
    def create(self, request):
        data = BatchCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        project = get_project_for_user(request.user, values.pop("project"), need="change")
        batch = services.batch_register(actor=request.user, project=project, **values)
        return Response(self.get_serializer(self.get_queryset().get(pk=batch.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BatchAcceptSerializer, responses={200: BatchSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Entry acceptance, signed by a supervisor of the project's supervision firm."""
        batch = access.get_batch_for_user(request.user, pk, need="supervise")
        data = BatchAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.batch_accept(actor=request.user, batch=batch, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=batch.pk)).data)

    @extend_schema(responses=BatchTraceSerializer)
    @action(detail=True, methods=["get"])
    def trace(self, request, pk=None):
        """Forward trace: every usage of this batch, with project and location."""
        batch, usages = selectors.batch_trace(request.user, pk)
        return Response(
            BatchTraceSerializer({"batch": batch, "usages": usages}, context=self.get_serializer_context()).data
        )


# --- witnesses, samples, reports -------------------------------------------------------------


class WitnessAuthorizationViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Who is authorised to witness sampling on which project (211号)."""

    serializer_class = WitnessAuthorizationSerializer
    http_method_names = READ_WRITE
    filterset_fields = ["project", "person"]

    def get_queryset(self):
        return (
            access.authorizations_visible_to(self.request.user)
            .select_related("person", "organization")
            .order_by("project_id", "person__name", "-valid_from")
        )

    @extend_schema(
        request=WitnessAuthorizationCreateSerializer, responses={201: WitnessAuthorizationSerializer, **CONFLICT}
    )
    def create(self, request):
        data = WitnessAuthorizationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        project = get_project_for_user(request.user, values.pop("project"))
        auth = services.witness_authorize(actor=request.user, project=project, **values)
        return Response(self.get_serializer(auth).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RevokeSerializer, responses={200: WitnessAuthorizationSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        data = RevokeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        auth = services.witness_revoke(actor=request.user, authorization=self.get_object(), **data.validated_data)
        return Response(self.get_serializer(auth).data)


class SampleFilter(filters.FilterSet):
    project = IdFilter(field_name="project_id")
    batch = IdFilter(field_name="batch_id")
    lab = IdFilter(field_name="lab_id")
    witnessed = filters.BooleanFilter(field_name="witness", lookup_expr="isnull", exclude=True)
    pending = filters.BooleanFilter(method="by_pending", label=_("without a report yet"))

    class Meta:
        model = Sample
        fields = ["project", "batch", "lab", "witnessed", "pending"]

    def by_pending(self, qs, name, value):
        return qs.filter(reports__isnull=value).distinct() if value else qs.filter(reports__isnull=False).distinct()


class SampleViewSet(ExportMixin, viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Samples (见证取样). Labs see only the samples sent to them."""

    serializer_class = SampleSerializer
    filterset_class = SampleFilter
    http_method_names = READ_WRITE
    export_name = "samples"

    def get_queryset(self):
        return selectors.sample_list(self.request.user)

    @extend_schema(request=SampleCreateSerializer, responses={201: SampleSerializer, **CONFLICT})
    def create(self, request):
        data = SampleCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        batch = access.get_batch_for_user(request.user, values.pop("batch"), need="sample")
        sample = services.sample_record(actor=request.user, batch=batch, **values)
        return Response(self.get_serializer(self.get_queryset().get(pk=sample.pk)).data, status=status.HTTP_201_CREATED)


class TestReportFilter(filters.FilterSet):
    __test__ = False

    project = IdFilter(field_name="sample__project_id")
    sample = IdFilter(field_name="sample_id")
    batch = IdFilter(field_name="sample__batch_id")
    conclusion = filters.ChoiceFilter(choices=TestReport.Conclusion.choices)

    class Meta:
        model = TestReport
        fields = ["project", "sample", "batch", "conclusion"]


class TestReportViewSet(ExportMixin, viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Test reports. Posted by the lab the sample went to, or uploaded by a project firm with the lab's file."""

    __test__ = False

    serializer_class = TestReportSerializer
    filterset_class = TestReportFilter
    http_method_names = READ_WRITE
    parser_classes = UPLOADS
    export_name = "test_reports"

    def get_queryset(self):
        return selectors.report_list(self.request.user)

    @extend_schema(
        request={"multipart/form-data": TestReportCreateSerializer, "application/json": TestReportCreateSerializer},
        responses={201: TestReportSerializer},
    )
    def create(self, request):
        data = TestReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        sample = access.get_sample_for_user(request.user, values.pop("sample"))
        corrects = values.pop("corrects", None)
        if corrects is not None:
            corrects = self.get_queryset().filter(pk=corrects).first()
            if corrects is None:
                raise Http404
        report = services.report_record(actor=request.user, sample=sample, corrects=corrects, **values)
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data, status=status.HTTP_201_CREATED)


# --- usages and trace ------------------------------------------------------------------------


class UsageFilter(filters.FilterSet):
    project = IdFilter(field_name="project_id")
    batch = IdFilter(field_name="batch_id")
    unit_project = IdFilter(field_name="unit_project_id")
    live = filters.BooleanFilter(field_name="withdrawn_on", lookup_expr="isnull", label=_("not withdrawn"))

    class Meta:
        model = Usage
        fields = ["project", "batch", "unit_project", "live"]


class UsageViewSet(ExportMixin, viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Which batch went where. 409 for a batch that is not accepted."""

    serializer_class = UsageSerializer
    filterset_class = UsageFilter
    http_method_names = READ_WRITE
    export_name = "usages"

    def get_queryset(self):
        return selectors.usage_list(self.request.user)

    @extend_schema(request=UsageCreateSerializer, responses={201: UsageSerializer, **CONFLICT})
    def create(self, request):
        data = UsageCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        batch = access.get_batch_for_user(request.user, values.pop("batch"), need="change")
        usage = services.usage_record(actor=request.user, batch=batch, **values)
        return Response(self.get_serializer(self.get_queryset().get(pk=usage.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WithdrawSerializer, responses={200: UsageSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Record that the material was taken out of the works again (the usage stays on record)."""
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        usage = services.usage_withdraw(actor=request.user, usage=self.get_object(), **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=usage.pk)).data)


class MaterialTraceApi(APIView):
    """Every batch of a manufacturer's batch or heat number across the projects the user may see."""

    @extend_schema(
        parameters=[
            OpenApiParameter("manufacturer", str, required=True, description="USCC of the manufacturer"),
            OpenApiParameter("batch_number", str, required=True, description="batch or heat number"),
        ],
        responses=MaterialTraceSerializer,
    )
    def get(self, request):
        uscc = request.query_params.get("manufacturer", "").strip()
        number = request.query_params.get("batch_number", "").strip()
        errors = {}
        if not uscc:
            errors["manufacturer"] = [_("Give the manufacturer's unified social credit code.")]
        if not number:
            errors["batch_number"] = [_("Give the batch or heat number.")]
        if errors:
            from rest_framework.exceptions import ValidationError

            raise ValidationError(errors)
        batches = selectors.trace_by_manufacturer(request.user, manufacturer_uscc=uscc, batch_number=number)
        return Response(
            MaterialTraceSerializer({"manufacturer": uscc, "batch_number": number, "batches": batches}).data
        )


class LocationTraceApi(APIView):
    """Backward trace: the batches (with samples and reports) used at a place of a project."""

    @extend_schema(
        parameters=[
            OpenApiParameter("project", int, required=True),
            OpenApiParameter("unit_project", int, required=False),
            OpenApiParameter("location", str, required=False, description="e.g. 5F/柱/C-3"),
        ],
        responses=BackwardTraceSerializer,
    )
    def get(self, request):
        from django.core.exceptions import ValidationError as DjangoValidationError

        from common.locations import normalize_location

        project = get_project_for_user(request.user, request.query_params.get("project"))
        unit_id = request.query_params.get("unit_project") or None
        unit = None
        if unit_id is not None:
            unit = project.unit_projects.filter(pk=as_id(unit_id) or 0).first()
            if unit is None:
                raise Http404
        try:
            location = normalize_location(request.query_params.get("location", ""), required=False)
        except DjangoValidationError as exc:
            raise DjangoValidationError({"location": exc.messages}) from None
        usages = selectors.backward_trace(project, unit, location)
        return Response(
            BackwardTraceSerializer(
                {
                    "project": project.pk,
                    "unit_project": unit.pk if unit else None,
                    "location": location,
                    "usages": usages,
                }
            ).data
        )


class WitnessShareApi(APIView):
    """Per material type on the project: samples, witnessed samples, share against the 30 % minimum, flags."""

    @extend_schema(responses=WitnessShareSerializer(many=True))
    def get(self, request, pk: int):
        project = get_project_for_user(request.user, pk)
        return Response(WitnessShareSerializer(selectors.witness_share(project), many=True).data)


# --- non-conformances and recalls ------------------------------------------------------------


class NonConformanceViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Non-conformances opened by failing tests and recalls; closed by the supervisor with evidence."""

    serializer_class = NonConformanceSerializer
    http_method_names = READ_WRITE
    parser_classes = UPLOADS
    filterset_fields = ["project", "batch", "source"]

    def get_queryset(self):
        return (
            access.nonconformances_visible_to(self.request.user)
            .select_related("report", "evidence")
            .order_by("-opened_at", "-id")
        )

    @extend_schema(
        request={"multipart/form-data": NonConformanceCloseSerializer},
        responses={200: NonConformanceSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        nc = self.get_object()
        data = NonConformanceCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        nc = services.nonconformance_close(actor=request.user, nonconformance=nc, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=nc.pk)).data)


def recall_payload(recall) -> dict:
    d = selectors.recall_detail(recall)
    usages = [u for row in d["projects"] for u in row["usages"]]
    return {
        "recall": recall,
        "batch_count": len(d["entries"]),
        "project_count": len(d["projects"]),
        "usage_count": d["usage_count"],
        "batches": d["entries"],
        "projects": d["projects"],
        "usages": usages,
        "xlsx_url": reverse("materials:recall_xlsx", args=[recall.pk]),
        "pdf_url": reverse("materials:recall_pdf", args=[recall.pk]),
    }


class RecallViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """Recalls of defective batches. Regulators open them within their jurisdiction."""

    serializer_class = RecallSerializer
    http_method_names = READ_WRITE

    def get_queryset(self):
        return access.recalls_visible_to(self.request.user).select_related("manufacturer", "opened_by")

    @extend_schema(request=RecallCreateSerializer, responses={201: RecallDetailSerializer})
    def create(self, request):
        if not access.can_open_recall(request.user):
            raise DRFPermissionDenied(_("Only a regulator may open a recall, within their jurisdiction."))
        data = RecallCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recall = services.recall_open(actor=request.user, **data.validated_data)
        return Response(RecallDetailSerializer(recall_payload(recall)).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=RecallDetailSerializer)
    def retrieve(self, request, pk=None):
        recall = access.get_recall_for_user(request.user, pk)
        return Response(RecallDetailSerializer(recall_payload(recall)).data)


# --- imports ------------------------------------------------------------------------------------


class ImportViewSet(viewsets.GenericViewSet, mixins.RetrieveModelMixin, mixins.ListModelMixin):
    """Spreadsheet imports: upload (validation starts in the background), poll, then commit."""

    serializer_class = ImportJobSerializer
    http_method_names = READ_WRITE
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return access.imports_visible_to(self.request.user).order_by("-created_at", "-id")

    def retrieve(self, request, pk=None):
        job = self.get_object()
        if job.status == ImportJob.Status.COMMITTING:
            job.processed_rows = imports.read_progress(job)
        return Response(self.get_serializer(job).data)

    @extend_schema(request={"multipart/form-data": ImportCreateSerializer}, responses={201: ImportJobSerializer})
    def create(self, request):
        data = ImportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        project = get_project_for_user(request.user, values.pop("project"), need="change")
        job = imports.job_create(actor=request.user, project=project, kind=values["kind"], upload=values["file"])
        imports.job_start(job, "validate")
        return Response(self.get_serializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={202: ImportJobSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        """Store every row of a validated file, all or nothing, in the background."""
        job = self.get_object()
        imports.job_start(job, "commit")
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)
