from django.urls import path
from rest_framework.routers import SimpleRouter

from inspections import api

router = SimpleRouter()
router.register("inspections", api.InspectionViewSet, basename="inspection")
router.register("cover-records", api.CoverRecordViewSet, basename="cover-record")
router.register("rectifications", api.RectificationViewSet, basename="rectification")
router.register("spot-checks", api.SpotCheckViewSet, basename="spot-check")
router.register("spot-check-draws", api.SpotCheckDrawViewSet, basename="spot-check-draw")
router.register("roster", api.RosterViewSet, basename="roster")

urlpatterns = [
    path("projects/<int:project_pk>/acceptance-tree/", api.AcceptanceTreeApi.as_view(), name="acceptance-tree"),
    path("public/spot-checks/", api.PublicSpotCheckApi.as_view(), name="public-spot-checks"),
    *router.urls,
]
