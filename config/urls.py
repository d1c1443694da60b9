"""Root URLs: pages per app, the REST API under /api/v1/, the schema and docs."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from projects.urls import root_urlpatterns

api_v1 = [
    path("", include("projects.api_urls")),
    path("", include("responsibility.api_urls")),
    path("", include("responsibility.defects.api_urls")),
    path("", include("materials.api_urls")),
    path("", include("inspections.api_urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("common.urls")),
    path("", include("responsibility.urls")),
    path("", include("responsibility.defects.urls")),
    path("", include("materials.urls")),
    path("", include("inspections.urls")),
    path("", include("projects.urls")),
    *root_urlpatterns,
]

handler404 = "projects.views.errors.not_found"
handler403 = "projects.views.errors.forbidden"
