from django.urls import path
from rest_framework.routers import SimpleRouter

from materials import api

router = SimpleRouter()
router.register("material-types", api.MaterialTypeViewSet, basename="material-type")
router.register("batches", api.BatchViewSet, basename="batch")
router.register("witness-authorizations", api.WitnessAuthorizationViewSet, basename="witness-authorization")
router.register("samples", api.SampleViewSet, basename="sample")
router.register("test-reports", api.TestReportViewSet, basename="test-report")
router.register("usages", api.UsageViewSet, basename="usage")
router.register("non-conformances", api.NonConformanceViewSet, basename="non-conformance")
router.register("recalls", api.RecallViewSet, basename="recall")
router.register("imports", api.ImportViewSet, basename="import")

urlpatterns = [
    path("trace/materials/", api.MaterialTraceApi.as_view(), name="trace-materials"),
    path("trace/locations/", api.LocationTraceApi.as_view(), name="trace-locations"),
    path("projects/<int:pk>/witness-share/", api.WitnessShareApi.as_view(), name="project-witness-share"),
    *router.urls,
]
