"""REST API for leads, the plaque, the public plaque and the archive (docs/api.md).

Views parse input, pick the project through projects.access (404 out of
sight, 403 seen but not allowed), call one service and answer with an
output serializer. These are lasting records: no PUT, PATCH or DELETE (405).
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ConflictSerializer
from projects import access
from projects.models import Project
from responsibility import selectors, services
from responsibility.models import Lead, ResponsibilityArchive
from responsibility.serializers import (
    ArchiveHandoverSerializer,
    ArchiveSerializer,
    LeadCommitmentSerializer,
    LeadCorrectSerializer,
    LeadCreateSerializer,
    LeadSerializer,
    LeadWithWarningsSerializer,
    PlaqueInstallationSerializer,
    PlaqueInstallSerializer,
    PlaqueIssueSerializer,
    PlaqueReplaceSerializer,
    PlaqueSerializer,
    PublicPlaqueSerializer,
)
from responsibility.services import archives as archive_services
from responsibility.services import plaques as plaque_services

CONFLICT = {409: OpenApiResponse(ConflictSerializer, description="A domain rule forbids this now.")}
UPLOAD_PARSERS = [MultiPartParser, FormParser, JSONParser]


class ProjectScoped:
    """Nested under /projects/{project_pk}/: the project is picked through visibility."""

    def get_project(self) -> Project:
        if getattr(self, "swagger_fake_view", False):
            return Project()
        if not hasattr(self, "_project"):
            self._project = access.get_project_for_user(self.request.user, self.kwargs["project_pk"])
        return self._project


class LeadViewSet(ProjectScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Project leads (项目负责人): the whole history, oldest first, corrected entries included."""

    serializer_class = LeadSerializer
    pagination_class = None
    parser_classes = UPLOAD_PARSERS
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Lead.objects.none()
        qs = selectors.lead_history(self.get_project())
        day = self.request.query_params.get("on")
        if day:
            parsed = parse_date(day)
            if parsed is None:
                raise ValidationError({"on": [_("Enter a date as YYYY-MM-DD.")]})
            qs = qs.filter(pk__in=Lead.objects.on(parsed).values("pk"))
        if self.request.query_params.get("current") in ("1", "true"):
            qs = qs.filter(pk__in=Lead.objects.current().values("pk"))
        return qs

    def _out(self, lead: Lead, *, warnings: list[str] | None = None, code=status.HTTP_200_OK):
        lead = selectors.lead_history(lead.project_id).get(pk=lead.pk)
        data = LeadWithWarningsSerializer(lead, context=self.get_serializer_context()).data
        data["warnings"] = warnings if warnings is not None else services.lead_warnings(lead)
        return Response(data, status=code)

    @extend_schema(
        parameters=[
            OpenApiParameter("on", OpenApiTypes.DATE, description="Only the leads in office on this day."),
            OpenApiParameter("current", OpenApiTypes.BOOL, description="Only the current leads."),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=LeadCreateSerializer, responses={201: LeadWithWarningsSerializer, **CONFLICT})
    def create(self, request, project_pk=None):
        """Appoint a lead; with `reason`, change the role's current lead (the predecessor ends the day before)."""
        project = self.get_project()
        access.require_project(request.user, project, "change")
        data = LeadCreateSerializer(data=request.data, project=project)
        data.is_valid(raise_exception=True)
        lead = services.lead_appoint(actor=request.user, project=project, **data.validated_data)
        return self._out(lead, code=status.HTTP_201_CREATED)

    @extend_schema(request=LeadCorrectSerializer, responses={201: LeadWithWarningsSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def correct(self, request, project_pk=None, pk=None):
        """Correct a mistaken entry: a new entry takes its place; the wrong one stays visible."""
        lead = self.get_object()
        access.require_project(request.user, lead.project, "change")
        data = LeadCorrectSerializer(data=request.data, project=self.get_project())
        data.is_valid(raise_exception=True)
        fixed = services.lead_correct(actor=request.user, lead=lead, **data.validated_data)
        return self._out(fixed, code=status.HTTP_201_CREATED)

    @extend_schema(request=LeadCommitmentSerializer, responses={200: LeadWithWarningsSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def commitment(self, request, project_pk=None, pk=None):
        """File the signed lifetime commitment (承诺书) of a lead appointed without it."""
        lead = self.get_object()
        access.require_project(request.user, lead.project, "change")
        data = LeadCommitmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lead = services.lead_commitment_file(actor=request.user, lead=lead, **data.validated_data)
        return self._out(lead)


class PlaqueBase(ProjectScoped, APIView):
    def get_plaque(self, version: int | None = None):
        """The current version, or the given one (404 when there is none)."""
        if version is None:
            plaque = selectors.plaque_for(self.get_project())
        else:
            plaque = selectors.plaque_versions(self.get_project()).filter(version=version).first()
        if plaque is None:
            raise Http404
        return plaque


class PlaqueApi(PlaqueBase):
    """The project's permanent plaque (永久性标牌): the current version."""

    @extend_schema(responses={200: PlaqueSerializer, 404: OpenApiResponse(description="No plaque issued yet.")})
    def get(self, request, project_pk=None):
        return Response(PlaqueSerializer(self.get_plaque(), context={"request": request}).data)

    @extend_schema(request=PlaqueIssueSerializer, responses={201: PlaqueSerializer, **CONFLICT})
    def post(self, request, project_pk=None):
        """Issue the plaque from the leads on the completion date (409 before completion, or once issued)."""
        data = PlaqueIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plaque = plaque_services.plaque_issue(actor=request.user, project=self.get_project(), **data.validated_data)
        plaque_services.plaque_pdf(plaque, actor=request.user)  # rendered after the commit, stored once
        return Response(
            PlaqueSerializer(self.get_plaque(), context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class PlaqueReplaceApi(PlaqueBase):
    @extend_schema(request=PlaqueReplaceSerializer, responses={201: PlaqueSerializer, **CONFLICT})
    def post(self, request, project_pk=None):
        """Replace the plaque by a new version (damaged, lost, or entries corrected); the old one is kept.

        The new version's entries are derived afresh from the leads on the
        completion date; its public code is the project's code, unchanged.
        """
        data = PlaqueReplaceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plaque = plaque_services.plaque_replace(actor=request.user, project=self.get_project(), **data.validated_data)
        plaque_services.plaque_pdf(plaque, actor=request.user)
        return Response(
            PlaqueSerializer(self.get_plaque(), context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class PlaqueVersionsApi(PlaqueBase):
    @extend_schema(responses=PlaqueSerializer(many=True))
    def get(self, request, project_pk=None):
        """Every version of the plaque, newest (the current one) first; replaced ones are kept."""
        versions = selectors.plaque_versions(self.get_project())
        return Response(PlaqueSerializer(versions, many=True, context={"request": request}).data)


class PlaqueVersionApi(PlaqueBase):
    @extend_schema(responses={200: PlaqueSerializer})
    def get(self, request, project_pk=None, version=None):
        """One version of the plaque, current or replaced."""
        return Response(PlaqueSerializer(self.get_plaque(version), context={"request": request}).data)


class PlaquePdfApi(PlaqueBase):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, project_pk=None, version=None):
        """The print-ready plaque (800 × 600 mm), with its QR code."""
        plaque = self.get_plaque(version)
        stored = plaque_services.plaque_pdf(plaque, actor=request.user)
        response = FileResponse(stored.file.open("rb"), content_type="application/pdf", filename=stored.original_name)
        response["X-Content-SHA256"] = stored.sha256
        return response


class PlaqueSvgApi(PlaqueBase):
    @extend_schema(responses={(200, "image/svg+xml"): OpenApiTypes.STR})
    def get(self, request, project_pk=None, version=None):
        """The plaque as SVG (800 × 600 mm), its QR code drawn as vectors."""
        plaque = self.get_plaque(version)
        response = HttpResponse(plaque_services.plaque_svg(plaque), content_type="image/svg+xml; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="plaque-{plaque.code}-v{plaque.version}.svg"'
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        return response


class PlaqueInstallationApi(PlaqueBase):
    """Installations of the current version (a replaced version keeps its own)."""

    parser_classes = UPLOAD_PARSERS

    @extend_schema(responses=PlaqueInstallationSerializer(many=True))
    def get(self, request, project_pk=None):
        plaque = self.get_plaque()
        return Response(
            PlaqueInstallationSerializer(plaque.installations.all(), many=True, context={"request": request}).data
        )

    @extend_schema(request=PlaqueInstallSerializer, responses={201: PlaqueInstallationSerializer, **CONFLICT})
    def post(self, request, project_pk=None):
        """Record where and when the plaque was installed, with a photo (EXIF kept as data)."""
        plaque = self.get_plaque()
        data = PlaqueInstallSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        installation = plaque_services.plaque_install(actor=request.user, plaque=plaque, **data.validated_data)
        return Response(
            PlaqueInstallationSerializer(installation, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class PublicPlaqueApi(APIView):
    """A plaque as anyone may read it (what the QR code points at). No ID numbers."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: PublicPlaqueSerializer}, auth=[])
    def get(self, request, code: str):
        plaque = selectors.public_plaque(code.upper()) if len(code) <= 16 else None
        if plaque is None:
            raise Http404
        return Response(PublicPlaqueSerializer(plaque, context={"request": request}).data)


class ArchiveBase(ProjectScoped, APIView):
    def latest(self) -> ResponsibilityArchive:
        archive = selectors.archive_versions(self.get_project()).first()
        if archive is None:
            raise Http404
        return archive


class ArchiveApi(ArchiveBase):
    """The quality-responsibility archive (质量终身责任信息档案): latest version."""

    @extend_schema(responses={200: ArchiveSerializer, 404: OpenApiResponse(description="Not generated yet.")})
    def get(self, request, project_pk=None):
        return Response(ArchiveSerializer(self.latest(), context={"request": request}).data)

    @extend_schema(request=None, responses={201: ArchiveSerializer, **CONFLICT})
    def post(self, request, project_pk=None):
        """Build a new version of the archive PDF (old versions are kept)."""
        archive = archive_services.archive_generate(actor=request.user, project=self.get_project())
        archive = selectors.archive_versions(archive.project_id).get(pk=archive.pk)
        return Response(ArchiveSerializer(archive, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ArchiveVersionsApi(ArchiveBase):
    @extend_schema(responses=ArchiveSerializer(many=True))
    def get(self, request, project_pk=None):
        """Every version, newest first."""
        versions = selectors.archive_versions(self.get_project())
        return Response(ArchiveSerializer(versions, many=True, context={"request": request}).data)


class ArchiveHandoverApi(ArchiveBase):
    @extend_schema(request=ArchiveHandoverSerializer, responses={200: ArchiveSerializer, **CONFLICT})
    def post(self, request, project_pk=None):
        """Record the handover of a version (default: the latest) to the 城建档案馆."""
        project = self.get_project()
        data = ArchiveHandoverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version", None)
        versions = selectors.archive_versions(project)
        archive = versions.filter(version=version).first() if version else versions.first()
        if archive is None:
            raise Http404
        archive_services.archive_handover(actor=request.user, archive=archive, **values)
        return Response(ArchiveSerializer(versions.get(pk=archive.pk), context={"request": request}).data)
