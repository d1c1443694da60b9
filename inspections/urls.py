from django.urls import path

from inspections.views import inspections, rectifications, spotchecks

app_name = "inspections"
urlpatterns = [
    path("inspections/new/", inspections.start, name="start"),
    path("projects/<int:pk>/inspections/", inspections.project_tab, name="project_tab"),
    path("projects/<int:pk>/inspections/new/", inspections.inspection_create, name="create"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="detail"),
    path("inspections/<int:pk>/correct/", inspections.inspection_correct, name="correct"),
    path("inspections/<int:pk>/rectify/", inspections.rectification_issue, name="rectify"),
    path("rectifications/", rectifications.rectification_list, name="rectification_list"),
    path("rectifications/overdue/", rectifications.overdue_list, name="overdue_list"),
    path("rectifications/<int:pk>/", rectifications.rectification_detail, name="rectification_detail"),
    path("spot-checks/", spotchecks.spot_check_list, name="spot_check_list"),
    path("spot-checks/draw/", spotchecks.draw_create, name="draw_create"),
    path("spot-checks/draws/<int:pk>/", spotchecks.draw_detail, name="draw_detail"),
    path("spot-checks/public/", spotchecks.public_results, name="public_results"),
    path("spot-checks/<int:pk>/", spotchecks.spot_check_detail, name="spot_check_detail"),
]
