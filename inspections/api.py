"""REST API for inspections, the acceptance tree, covering records, rectifications and spot checks.

Views parse input, pick objects through inspections.access / projects.access,
call one service or selector and answer with an output serializer. Lasting
records have no PATCH or DELETE (405).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ConflictSerializer, IdFilter
from common.ids import as_id
from inspections import access, selectors, services
from inspections.models import Inspection, InspectionKind, Rectification, Result, RosterInspector
from inspections.serializers import (
    AcceptanceTreeSerializer,
    ConformitySerializer,
    CoverRecordCreateSerializer,
    CoverRecordSerializer,
    InspectionCorrectSerializer,
    InspectionCreateSerializer,
    InspectionSerializer,
    PublicSpotCheckSerializer,
    RectificationCloseSerializer,
    RectificationCreateSerializer,
    RectificationReopenSerializer,
    RectificationReplySerializer,
    RectificationSerializer,
    RosterCreateSerializer,
    RosterSerializer,
    SpotCheckDrawCreateSerializer,
    SpotCheckDrawSerializer,
    SpotCheckRecordSerializer,
    SpotCheckSerializer,
)
from projects.access import get_project_for_user
from projects.models import Participant, Person, UnitProject

CONFLICT = {409: OpenApiResponse(ConflictSerializer, description="A domain rule forbids this now.")}
READ_CREATE = ["get", "post", "head", "options"]
UPLOAD_PARSERS = [MultiPartParser, FormParser, JSONParser]


# --- inspections -------------------------------------------------------------------------------


class InspectionFilter(filters.FilterSet):
    project = IdFilter(field_name="project_id")
    unit_project = IdFilter(field_name="unit_project_id")
    kind = filters.ChoiceFilter(choices=InspectionKind.choices)
    result = filters.ChoiceFilter(choices=Result.choices)
    location = filters.CharFilter(method="at_location", label=_("location: at, inside or containing this path"))
    counting = filters.BooleanFilter(
        field_name="corrected_at", lookup_expr="isnull", label=_("only records that count")
    )
    q = filters.CharFilter(method="search", label=_("name, findings or location contains"))

    class Meta:
        model = Inspection
        fields = ["project", "unit_project", "kind", "result", "location", "counting", "q"]

    def at_location(self, qs, name, value):
        from common.locations import normalize_location, overlapping_q

        return qs.filter(overlapping_q(normalize_location(value, required=False)))

    def search(self, qs, name, value):
        from django.db.models import Q

        return qs.filter(Q(name__icontains=value) | Q(findings__icontains=value) | Q(location__icontains=value))


class InspectionViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Inspections and acceptances of the projects the user sees; the supervision firm records them."""

    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    http_method_names = READ_CREATE
    parser_classes = UPLOAD_PARSERS

    def get_queryset(self):
        return selectors.inspection_list(self.request.user)

    def _fresh(self, pk) -> dict:
        return InspectionSerializer(selectors.inspection_list(self.request.user).get(pk=pk)).data

    @extend_schema(request=InspectionCreateSerializer, responses={201: InspectionSerializer, **CONFLICT})
    def create(self, request):
        """Record an inspection (multipart with `photos`, or JSON without photos)."""
        data = InspectionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        project = get_project_for_user(request.user, values.pop("project"), need="supervise")
        inspection = services.inspection_record(actor=request.user, project=project, **values)
        return Response(self._fresh(inspection.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=InspectionCorrectSerializer, responses={201: InspectionSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Correct a wrong record with a new one (both stay visible; the correction counts)."""
        original = self.get_object()
        data = InspectionCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        correction = services.inspection_correct(actor=request.user, original=original, **data.validated_data)
        return Response(self._fresh(correction.pk), status=status.HTTP_201_CREATED)


class AcceptanceTreeApi(APIView):
    """The GB 50300 acceptance tree of a project, per unit project (four queries at any size)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("unit_project", int, description="Only this unit project."),
            OpenApiParameter("lots", bool, description="Include every inspection lot, not only their counts."),
        ],
        responses=AcceptanceTreeSerializer(many=True),
    )
    def get(self, request, project_pk: int):
        project = get_project_for_user(request.user, project_pk)
        raw = request.query_params.get("unit_project") or None
        unit = as_id(raw)
        if raw is not None and unit is None:
            raise ValidationError({"unit_project": [_("A unit project id.")]})
        tree = selectors.acceptance_tree(
            project, unit_project=unit, include_lots=request.query_params.get("lots") in ("1", "true")
        )
        return Response(AcceptanceTreeSerializer(tree, many=True).data)


class CoverRecordViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """Work recorded as covered; 409 unless a passed concealed-works record exists for the location."""

    serializer_class = CoverRecordSerializer
    http_method_names = READ_CREATE
    filterset_fields = ["project", "unit_project"]

    def get_queryset(self):
        from inspections.models import CoverRecord
        from projects.models import Project

        return CoverRecord.objects.filter(project__in=Project.objects.visible_to(self.request.user)).order_by(
            "-covered_on", "-id"
        )

    @extend_schema(request=CoverRecordCreateSerializer, responses={201: CoverRecordSerializer, **CONFLICT})
    def create(self, request):
        data = CoverRecordCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        project = get_project_for_user(request.user, values.pop("project"))
        unit = UnitProject.objects.filter(pk=values.pop("unit_project"), project=project).first()
        cover = services.cover_record(actor=request.user, project=project, unit_project=unit, **values)
        return Response(CoverRecordSerializer(cover).data, status=status.HTTP_201_CREATED)


# --- rectifications ------------------------------------------------------------------------------


class RectificationFilter(filters.FilterSet):
    project = IdFilter(field_name="project_id")
    status = filters.ChoiceFilter(choices=Rectification.Status.choices)
    overdue = filters.BooleanFilter(method="only_overdue", label=_("open and past the due date"))
    mine = filters.BooleanFilter(method="only_mine", label=_("issued to my organisation"))

    class Meta:
        model = Rectification
        fields = ["project", "status", "overdue", "mine"]

    def only_overdue(self, qs, name, value):
        return qs.overdue(timezone.localdate()) if value else qs

    def only_mine(self, qs, name, value):
        return qs.filter(issued_to__organization_id=self.request.user.organization_id) if value else qs


class RectificationViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Rectification notices of the projects the user sees."""

    serializer_class = RectificationSerializer
    filterset_class = RectificationFilter
    http_method_names = READ_CREATE
    parser_classes = UPLOAD_PARSERS

    def get_queryset(self):
        return selectors.rectification_list(self.request.user)

    def _fresh(self, pk) -> dict:
        return RectificationSerializer(selectors.rectification_detail(self.request.user, pk)).data

    @extend_schema(request=RectificationCreateSerializer, responses={201: RectificationSerializer, **CONFLICT})
    def create(self, request):
        """Issue a notice from a failed inspection (supervisor) or spot check (regulator)."""
        data = RectificationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        inspection = access.get_inspection_for_user(request.user, values.pop("inspection"))
        party = Participant.objects.select_related("organization").filter(pk=values.pop("issued_to")).first()
        notice = services.rectification_issue(actor=request.user, inspection=inspection, issued_to=party, **values)
        return Response(self._fresh(notice.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=RectificationReplySerializer, responses={201: RectificationSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """The party's reply with evidence (multipart with `photos`)."""
        notice = self.get_object()
        data = RectificationReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.rectification_reply(actor=request.user, rectification=notice, **data.validated_data)
        return Response(self._fresh(notice.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=RectificationCloseSerializer, responses={200: RectificationSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        notice = self.get_object()
        data = RectificationCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.rectification_close(actor=request.user, rectification=notice, **data.validated_data)
        return Response(self._fresh(notice.pk))

    @extend_schema(request=RectificationReopenSerializer, responses={200: RectificationSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        notice = self.get_object()
        data = RectificationReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.rectification_reopen(actor=request.user, rectification=notice, **data.validated_data)
        return Response(self._fresh(notice.pk))

    @extend_schema(responses=RectificationSerializer(many=True))
    @action(detail=False)
    def overdue(self, request):
        """Open notices past their due date, oldest due first (`?project=` narrows)."""
        qs = selectors.rectification_list(request.user, overdue_on=timezone.localdate())
        if project := request.query_params.get("project"):
            qs = qs.filter(project_id=as_id(project) or 0)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(RectificationSerializer(page, many=True).data)


# --- spot checks -----------------------------------------------------------------------------------


class RosterViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """The agency's enforcement-staff roster (执法人员名录库): regulators only."""

    serializer_class = RosterSerializer
    http_method_names = READ_CREATE

    def get_queryset(self):
        user = self.request.user
        if not access.is_regulator(user):
            return RosterInspector.objects.none()
        qs = RosterInspector.objects.select_related("person")
        return (qs if user.is_superuser else qs.filter(agency_id=user.organization_id)).order_by("person__name", "id")

    @extend_schema(request=RosterCreateSerializer, responses={201: RosterSerializer, **CONFLICT})
    def create(self, request):
        access.require_regulator(request.user)
        data = RosterCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = Person.objects.filter(pk=values.pop("person")).first()
        if person is None:
            raise ValidationError({"person": [_("Unknown person.")]})
        entry = services.roster_add(actor=request.user, person=person, **values)
        return Response(RosterSerializer(entry).data, status=status.HTTP_201_CREATED)


class SpotCheckViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Drawn spot checks and their results: regulators with jurisdiction only."""

    serializer_class = SpotCheckSerializer
    http_method_names = READ_CREATE
    filterset_fields = ["draw", "result"]

    def get_queryset(self):
        return selectors.spot_check_list(self.request.user)

    @extend_schema(request=SpotCheckRecordSerializer, responses={200: SpotCheckSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        """Record the items checked, the findings and the result (once)."""
        check = self.get_object()
        data = SpotCheckRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        unit = values.pop("unit_project", None)
        if unit is not None:
            unit = UnitProject.objects.filter(pk=unit, project=check.project_id).first()
            if unit is None:
                raise ValidationError({"unit_project": [_("Choose a unit project of this project.")]})
        services.spot_check_record(actor=request.user, spot_check=check, unit_project=unit, **values)
        return Response(SpotCheckSerializer(self.get_queryset().get(pk=check.pk)).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("region", str, description="Region code prefix (default: your jurisdiction)."),
            OpenApiParameter("since", str, description="YYYY-MM-DD"),
            OpenApiParameter("until", str, description="YYYY-MM-DD"),
        ],
        responses=ConformitySerializer(many=True),
    )
    @action(detail=False)
    def conformity(self, request):
        """Conformity rates by district and month of the recorded checks in your jurisdiction."""
        from django.utils.dateparse import parse_date

        access.require_regulator(request.user)
        mine = "" if request.user.is_superuser else request.user.jurisdiction
        region = request.query_params.get("region") or mine
        if not region.startswith(mine):
            region = mine
        try:
            since = parse_date(request.query_params.get("since") or "") if request.query_params.get("since") else None
            until = parse_date(request.query_params.get("until") or "") if request.query_params.get("until") else None
        except ValueError:
            raise ValidationError({"since": [_("Dates are YYYY-MM-DD.")]}) from None
        rows = selectors.conformity_rates(region_prefix=region, since=since, until=until)
        return Response(ConformitySerializer(rows, many=True).data)


class SpotCheckDrawViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Random draws of projects and inspectors (双随机), reproducible from their seed and pools."""

    serializer_class = SpotCheckDrawSerializer
    http_method_names = READ_CREATE

    def get_queryset(self):
        return selectors.draw_list(self.request.user)

    @extend_schema(request=SpotCheckDrawCreateSerializer, responses={201: SpotCheckDrawSerializer, **CONFLICT})
    def create(self, request):
        access.require_regulator(request.user)
        data = SpotCheckDrawCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        draw = services.spot_check_draw(actor=request.user, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=draw.pk)).data, status=status.HTTP_201_CREATED)


class PublicSpotCheckApi(APIView):
    """Published spot-check results (一公开): no login; never an ID number."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("region", str, description="Region code prefix.")],
        responses=PublicSpotCheckSerializer(many=True),
        auth=[],
    )
    def get(self, request):
        from common.api import NoCountPagination

        region = request.query_params.get("region", "")
        qs = selectors.published_spot_checks(timezone.localdate(), region=region if region.isdigit() else "")
        paginator = NoCountPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(PublicSpotCheckSerializer(page, many=True).data)
