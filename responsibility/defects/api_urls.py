from django.urls import path
from rest_framework.routers import SimpleRouter

from responsibility.defects import api

router = SimpleRouter()
router.register("defects", api.DefectViewSet, basename="defect")
router.register("accountability-cases", api.CaseViewSet, basename="accountability-case")

urlpatterns = [
    *router.urls,
    path("dashboard/", api.DashboardApi.as_view({"get": "list"}), name="api-dashboard"),
]
