"""REST API: defects (with the accountability trace), accountability cases, the regulators' dashboard data."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from common.api import ConflictSerializer, IdFilter
from projects import access as project_access
from responsibility.defects import dashboard, report, selectors, trace
from responsibility.defects.serializers import (
    AccountabilitySerializer,
    CaseCreateSerializer,
    CaseDateSerializer,
    CaseFindingCreateSerializer,
    CaseMeasureCreateSerializer,
    CaseSerializer,
    CaseSubjectCreateSerializer,
    CaseWithdrawSerializer,
    DefectCreateSerializer,
    DefectResolveSerializer,
    DefectSerializer,
    accountability_data,
)
from responsibility.models import AccountabilityCase, CaseMeasure, CaseSubject, Defect, Lead
from responsibility.models.defects import DefectKind, DefectStatus, Severity
from responsibility.services import cases as case_services
from responsibility.services import defects as defect_services
from responsibility.warranty import WorkCategory

CONFLICT = {409: OpenApiResponse(ConflictSerializer, description="A domain rule forbids this now.")}
PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}


class DefectFilter(filters.FilterSet):
    project = IdFilter(field_name="project_id")
    status = filters.ChoiceFilter(choices=DefectStatus.choices)
    work_category = filters.ChoiceFilter(choices=WorkCategory.choices)
    severity = filters.ChoiceFilter(choices=Severity.choices)
    kind = filters.ChoiceFilter(choices=DefectKind.choices)
    q = filters.CharFilter(method="search", label=_("description, location or project name contains"))
    region = filters.CharFilter(field_name="project__region__code", lookup_expr="startswith")

    class Meta:
        model = Defect
        fields = ["project", "status", "work_category", "severity", "kind", "q", "region"]

    def search(self, qs, name, value):
        from django.db.models import Q

        return qs.filter(
            Q(description__icontains=value) | Q(location__icontains=value) | Q(project__name__icontains=value)
        )


class DefectViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Defects, complaints and quality accidents on the projects the user may see."""

    serializer_class = DefectSerializer
    filterset_class = DefectFilter
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return selectors.defect_list(self.request.user)

    def get_object(self):
        # Not the list query narrowed to one id: the visibility rule applied to this defect's project
        # only (access.defect_visible_to), and no list filters on a detail route.
        try:
            defect = selectors.visible_defect(self.request.user, self.kwargs["pk"])
        except (Defect.DoesNotExist, ValueError, TypeError):
            raise NotFound() from None
        self.check_object_permissions(self.request, defect)
        return defect

    @extend_schema(
        request={"multipart/form-data": DefectCreateSerializer, "application/json": DefectCreateSerializer},
        responses={201: DefectSerializer, **CONFLICT},
    )
    def create(self, request):
        data = DefectCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        project = project_access.get_project_for_user(request.user, values.pop("project").pk)
        values["photos"] = request.FILES.getlist("photos") if hasattr(request, "FILES") else []
        defect = defect_services.defect_register(actor=request.user, project=project, **values)
        return Response(DefectSerializer(selectors.defect_detail(defect)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DefectResolveSerializer, responses={200: DefectSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        data = DefectResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        defect = defect_services.defect_resolve(actor=request.user, defect=self.get_object(), **data.validated_data)
        return Response(DefectSerializer(selectors.defect_detail(defect)).data)

    @extend_schema(responses=AccountabilitySerializer)
    @action(detail=True, methods=["get"])
    def accountability(self, request, pk=None):
        """Who answers for the work at the defect's location: parties, leads on duty when it was built,
        the inspections that accepted it and the batches used there, with warranty and lifetime status."""
        return Response(accountability_data(trace.accountability(self.get_object())))

    @extend_schema(responses=PDF)
    @action(detail=True, methods=["get"], url_path="accountability/report")
    def accountability_report(self, request, pk=None):
        defect = self.get_object()
        return _pdf(report.defect_report(request.user, defect), f"accountability-defect-{defect.pk}.pdf")


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


class CaseViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Lifetime accountability cases: handled by the regulators of the jurisdiction; a decided case is
    also read by the organisations held accountable in it; 404 for everyone else."""

    serializer_class = CaseSerializer
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["status", "project"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AccountabilityCase.objects.none()
        return selectors.case_list(self.request.user).prefetch_related(
            "findings__recorded_by", "subjects__organization", "subjects__lead__person", "measures"
        )

    def _fresh(self, case):
        return CaseSerializer(selectors.case_detail(case)).data

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseSerializer})
    def create(self, request):
        data = CaseCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        visible = selectors.defect_list(request.user).values_list("pk", flat=True)
        defects = [d for d in values.pop("defects") if d.pk in set(visible)]
        if len(defects) != len(data.validated_data["defects"]):
            raise NotFound()
        case = case_services.case_open(actor=request.user, defects=defects, **values)
        return Response(self._fresh(case), status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseFindingCreateSerializer, responses={201: CaseSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        data = CaseFindingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = self.get_object()
        case_services.case_add_finding(actor=request.user, case=case, **data.validated_data)
        return Response(self._fresh(case), status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseSubjectCreateSerializer, responses={201: CaseSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def subjects(self, request, pk=None):
        data = CaseSubjectCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = self.get_object()
        values = dict(data.validated_data)
        lead_id = values.pop("lead", None)
        lead = Lead.objects.filter(pk=lead_id, project=case.project).first() if lead_id else None
        if lead_id and lead is None:
            raise ValidationError({"lead": [_("No such lead on this project.")]})
        case_services.case_add_subject(actor=request.user, case=case, lead=lead, **values)
        return Response(self._fresh(case), status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseMeasureCreateSerializer, responses={201: CaseSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def measures(self, request, pk=None):
        data = CaseMeasureCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = self.get_object()
        values = dict(data.validated_data)
        subject = CaseSubject.objects.filter(pk=values.pop("subject"), case=case).first()
        if subject is None:
            raise ValidationError({"subject": [_("This party is not held accountable in this case.")]})
        case_services.case_add_measure(actor=request.user, case=case, subject=subject, **values)
        return Response(self._fresh(case), status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseWithdrawSerializer, responses={201: CaseSerializer, **CONFLICT})
    @action(detail=True, methods=["post"], url_path=r"measures/(?P<measure_pk>\d+)/withdraw")
    def withdraw_measure(self, request, pk=None, measure_pk=None):
        data = CaseWithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = self.get_object()
        measure = CaseMeasure.objects.filter(pk=measure_pk, case=case).select_related("case__project").first()
        if measure is None:
            raise NotFound()
        case_services.case_withdraw_measure(actor=request.user, measure=measure, **data.validated_data)
        return Response(self._fresh(case), status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseDateSerializer, responses={200: CaseSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        data = CaseDateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = case_services.case_decide(
            actor=request.user, case=self.get_object(), decided_on=data.validated_data["day"]
        )
        return Response(self._fresh(case))

    @extend_schema(request=CaseDateSerializer, responses={200: CaseSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        data = CaseDateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = case_services.case_close(
            actor=request.user,
            case=self.get_object(),
            closed_on=data.validated_data["day"],
            reason=data.validated_data.get("reason", ""),
        )
        return Response(self._fresh(case))

    @extend_schema(responses=PDF)
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        case = self.get_object()
        return _pdf(report.case_report(request.user, case), f"accountability-{case.number}.pdf")


class DashboardApi(viewsets.ViewSet):
    """The regulators' dashboard data for the user's jurisdiction (403 for other roles)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request):
        return Response(dashboard.data(request.user))
