"""REST API for accounts, organisations, people, projects, unit projects and parties.

Views parse input, pick objects through projects.access, call one service
and answer with an output serializer. Lasting records have no DELETE (405).
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ConflictSerializer
from common.history import history_for
from common.ids import as_id
from projects import access, selectors, services
from projects.models import Notification, Organization, Participant, Person, Project, UnitProject, User
from projects.serializers import (
    ChangeRecordSerializer,
    NotificationSerializer,
    OrganizationCreateSerializer,
    OrganizationSerializer,
    OrganizationUpdateSerializer,
    PartyCreateSerializer,
    PartyLeaveSerializer,
    PartySerializer,
    PersonCreateSerializer,
    PersonIdNumberSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    ProjectCompleteSerializer,
    ProjectCreateSerializer,
    ProjectSerializer,
    ProjectStartSerializer,
    ProjectUpdateSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UnitProjectSerializer,
    UserCreateSerializer,
    UserSerializer,
)

CONFLICT = {409: OpenApiResponse(ConflictSerializer, description="A domain rule forbids this now.")}
READ_WRITE = ["get", "post", "patch", "head", "options"]


class IsRegistryAdmin(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_superuser)


# --- auth and users -----------------------------------------------------------------------


class TokenApi(APIView):
    """Exchange a username and password for an API token."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer}, auth=[])
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request, **data.validated_data)
        if user is None or not user.is_active:
            raise ValidationError({"non_field_errors": [_("Wrong username or password.")]})
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Accounts. Administrators list and create them; everyone may read `me`."""

    serializer_class = UserSerializer
    permission_classes = [IsRegistryAdmin]
    queryset = User.objects.order_by("username")
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=UserCreateSerializer, responses={201: UserSerializer})
    def create(self, request):
        data = UserCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_create(actor=request.user, **data.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=UserSerializer)
    @action(detail=False, permission_classes=[permissions.IsAuthenticated])
    def me(self, request):
        return Response(UserSerializer(request.user).data)


# --- organisations ------------------------------------------------------------------------


class OrganizationFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("name or code contains"))
    kind = filters.ChoiceFilter(choices=Organization.Kind.choices, field_name="kinds__kind")
    region = filters.CharFilter(field_name="region__code", lookup_expr="startswith", label=_("region code prefix"))

    class Meta:
        model = Organization
        fields = ["q", "kind", "region"]

    def search(self, qs, name, value):
        from django.db.models import Q

        return qs.filter(Q(name__icontains=value) | Q(uscc__icontains=value.upper()))


class OrganizationViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Organisations (public registry data: every signed-in user may read them)."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    http_method_names = READ_WRITE

    def get_queryset(self):
        return selectors.organization_list()

    @extend_schema(request=OrganizationCreateSerializer, responses={201: OrganizationSerializer})
    def create(self, request):
        data = OrganizationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        org = services.organization_create(actor=request.user, **data.validated_data)
        return Response(self.get_serializer(access.get_organization(org.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OrganizationUpdateSerializer, responses={200: OrganizationSerializer})
    def partial_update(self, request, pk=None):
        org = self.get_object()
        data = OrganizationUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.organization_update(actor=request.user, organization=org, **data.validated_data)
        return Response(self.get_serializer(access.get_organization(org.pk)).data)


# --- people -------------------------------------------------------------------------------


class PersonFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("name or registration number contains"))

    class Meta:
        model = Person
        fields = ["q", "employer"]

    def search(self, qs, name, value):
        from django.db.models import Q

        return qs.filter(Q(name__icontains=value) | Q(registrations__number__icontains=value)).distinct()


class PersonViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """People: a firm sees its own staff; regulators see everyone. ID numbers are masked."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    http_method_names = READ_WRITE

    def get_queryset(self):
        return selectors.people_list(self.request.user)

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonSerializer})
    def create(self, request):
        data = PersonCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = services.person_create(actor=request.user, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=person.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonUpdateSerializer, responses={200: PersonSerializer})
    def partial_update(self, request, pk=None):
        person = self.get_object()
        data = PersonUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        kwargs = {"employer": values.pop("employer")} if "employer" in values else {}
        person = services.person_update(actor=request.user, person=person, **values, **kwargs)
        # Releasing a person (employer: null) takes them out of the firm's sight; answer with the
        # record as stored rather than a 404 for a change that was made.
        return Response(self.get_serializer(self.get_queryset().filter(pk=person.pk).first() or person).data)

    @extend_schema(request=None, responses={200: PersonIdNumberSerializer})
    @action(detail=True, methods=["get"], url_path="id-number")
    def id_number(self, request, pk=None):
        """The full ID number (regulators only); every read is logged in the history."""
        person = self.get_object()
        return Response({"id_number": services.person_read_id_number(actor=request.user, person=person)})


# --- projects -------------------------------------------------------------------------------


class ProjectFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("name, code, permit number or address contains"))
    status = filters.ChoiceFilter(choices=Project.Status.choices)
    region = filters.CharFilter(field_name="region__code", lookup_expr="startswith", label=_("region code prefix"))

    class Meta:
        model = Project
        fields = ["q", "status", "region"]

    def search(self, qs, name, value):
        from django.db.models import Q

        return qs.filter(
            Q(name__icontains=value)
            | Q(code__icontains=value)
            | Q(permit_number__icontains=value)
            | Q(address__icontains=value)
        )


class ProjectViewSet(viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Projects the user may see (404 for the rest)."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    http_method_names = READ_WRITE

    def get_queryset(self):
        return selectors.project_list(self.request.user)

    def _fresh(self, pk):
        return self.get_serializer(self.get_queryset().get(pk=pk)).data

    @extend_schema(request=ProjectCreateSerializer, responses={201: ProjectSerializer})
    def create(self, request):
        data = ProjectCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project = services.project_register(actor=request.user, **data.validated_data)
        return Response(self._fresh(project.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=ProjectUpdateSerializer, responses={200: ProjectSerializer, **CONFLICT})
    def partial_update(self, request, pk=None):
        project = self.get_object()
        data = ProjectUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.project_update(actor=request.user, project=project, **data.validated_data)
        return Response(self._fresh(project.pk))

    @extend_schema(request=ProjectStartSerializer, responses={200: ProjectSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """Start construction: 409 lists every missing party, lead and commitment."""
        project = self.get_object()
        data = ProjectStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.project_start(actor=request.user, project=project, **data.validated_data)
        return Response(self._fresh(project.pk))

    @extend_schema(request=ProjectCompleteSerializer, responses={200: ProjectSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Record completion acceptance: 409 lists everything that still blocks it."""
        project = self.get_object()
        data = ProjectCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.project_complete(actor=request.user, project=project, **data.validated_data)
        return Response(self._fresh(project.pk))

    @extend_schema(responses=ChangeRecordSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Every change to the project and the records under it, newest first."""
        project = self.get_object()
        page = self.paginate_queryset(history_for(project))
        return self.get_paginated_response(ChangeRecordSerializer(page, many=True).data)


class ProjectChildMixin:
    """Nested under /projects/{project_pk}/: the project is picked through visibility."""

    def get_project(self) -> Project:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user
            return Project()
        if not hasattr(self, "_project"):
            self._project = access.get_project_for_user(self.request.user, self.kwargs["project_pk"])
        return self._project


class UnitProjectViewSet(ProjectChildMixin, viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = UnitProjectSerializer
    http_method_names = READ_WRITE
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return UnitProject.objects.none()
        return UnitProject.objects.filter(project=self.get_project()).order_by("name", "id")

    @extend_schema(request=UnitProjectSerializer, responses={201: UnitProjectSerializer, **CONFLICT})
    def create(self, request, project_pk=None):
        data = UnitProjectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = services.unit_project_add(actor=request.user, project=self.get_project(), **data.validated_data)
        return Response(UnitProjectSerializer(unit).data, status=status.HTTP_201_CREATED)


class PartyViewSet(ProjectChildMixin, viewsets.GenericViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The five responsible parties, past and current."""

    serializer_class = PartySerializer
    http_method_names = READ_WRITE
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Participant.objects.none()
        return (
            Participant.objects.filter(project=self.get_project())
            .select_related("organization")
            .order_by(selectors.party_role_order(), "joined_on", "id")
        )

    @extend_schema(request=PartyCreateSerializer, responses={201: PartySerializer, **CONFLICT})
    def create(self, request, project_pk=None):
        data = PartyCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        party = services.party_add(actor=request.user, project=self.get_project(), **data.validated_data)
        return Response(PartySerializer(party).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PartyLeaveSerializer, responses={200: PartySerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def leave(self, request, project_pk=None, pk=None):
        data = PartyLeaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        party = services.party_leave(actor=request.user, party=self.get_object(), **data.validated_data)
        return Response(PartySerializer(party).data)


# --- notifications ---------------------------------------------------------------------------


class NotificationViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """The signed-in user's inbox, newest first."""

    serializer_class = NotificationSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        unread = self.request.query_params.get("unread") in ("1", "true")
        return selectors.notifications_for(self.request.user, unread_only=unread)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        note = self.get_queryset().filter(pk=as_id(pk) or 0).first()
        if note is None:
            raise NotFound()
        if note.read_at is None:
            note.read_at = timezone.now()
            note.save(update_fields=["read_at"])
        return Response(NotificationSerializer(note).data)
