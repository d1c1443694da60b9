from django.urls import path
from rest_framework.routers import SimpleRouter

from responsibility import api

router = SimpleRouter()
router.register(r"projects/(?P<project_pk>\d+)/leads", api.LeadViewSet, basename="project-lead")

P = "projects/<int:project_pk>"
urlpatterns = [
    *router.urls,
    path(f"{P}/plaque/", api.PlaqueApi.as_view(), name="api-plaque"),
    path(f"{P}/plaque/pdf/", api.PlaquePdfApi.as_view(), name="api-plaque-pdf"),
    path(f"{P}/plaque/svg/", api.PlaqueSvgApi.as_view(), name="api-plaque-svg"),
    path(f"{P}/plaque/installations/", api.PlaqueInstallationApi.as_view(), name="api-plaque-installations"),
    path(f"{P}/plaque/replace/", api.PlaqueReplaceApi.as_view(), name="api-plaque-replace"),
    path(f"{P}/plaque/versions/", api.PlaqueVersionsApi.as_view(), name="api-plaque-versions"),
    path(f"{P}/plaque/versions/<int:version>/", api.PlaqueVersionApi.as_view(), name="api-plaque-version"),
    path(f"{P}/plaque/versions/<int:version>/pdf/", api.PlaquePdfApi.as_view(), name="api-plaque-version-pdf"),
    path(f"{P}/plaque/versions/<int:version>/svg/", api.PlaqueSvgApi.as_view(), name="api-plaque-version-svg"),
    path(f"{P}/archive/", api.ArchiveApi.as_view(), name="api-archive"),
    path(f"{P}/archive/versions/", api.ArchiveVersionsApi.as_view(), name="api-archive-versions"),
    path(f"{P}/archive/handover/", api.ArchiveHandoverApi.as_view(), name="api-archive-handover"),
    path("public/plaques/<str:code>/", api.PublicPlaqueApi.as_view(), name="api-public-plaque"),
]
