from django.urls import path
from rest_framework.routers import SimpleRouter

from projects import api

router = SimpleRouter()
router.register("users", api.UserViewSet, basename="user")
router.register("organizations", api.OrganizationViewSet, basename="organization")
router.register("people", api.PersonViewSet, basename="person")
router.register("projects", api.ProjectViewSet, basename="project")
router.register(r"projects/(?P<project_pk>\d+)/unit-projects", api.UnitProjectViewSet, basename="project-unit")
router.register(r"projects/(?P<project_pk>\d+)/parties", api.PartyViewSet, basename="project-party")
router.register("notifications", api.NotificationViewSet, basename="notification")

urlpatterns = [
    path("auth/token/", api.TokenApi.as_view(), name="auth-token"),
    *router.urls,
]
