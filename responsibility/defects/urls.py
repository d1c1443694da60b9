from django.urls import path

from responsibility.defects import views

app_name = "accountability"

urlpatterns = [
    path("projects/<int:pk>/defects/", views.defects_tab, name="defects_tab"),
    path("projects/<int:pk>/defects/new/", views.defect_create, name="defect_create"),
    path("defects/", views.defect_list, name="defect_list"),
    path("defects/<int:defect_pk>/", views.defect_detail, name="defect_detail"),
    path("defects/<int:defect_pk>/resolve/", views.defect_resolve, name="defect_resolve"),
    path("defects/<int:defect_pk>/report.pdf", views.defect_report_pdf, name="defect_report"),
    path("defects/<int:defect_pk>/case/new/", views.case_create, name="case_create"),
    path("accountability/cases/", views.case_list, name="case_list"),
    path("accountability/cases/<int:case_pk>/", views.case_detail, name="case_detail"),
    path("accountability/cases/<int:case_pk>/report.pdf", views.case_report_pdf, name="case_report"),
    path(
        "accountability/cases/<int:case_pk>/measures/<int:measure_pk>/withdraw/",
        views.measure_withdraw,
        name="measure_withdraw",
    ),
    path("accountability/cases/<int:case_pk>/<str:what>/", views.case_action, name="case_action"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/spot-checks/", views.dashboard_list, {"chart": "spot-checks"}, name="dashboard_spot_checks"),
    path("dashboard/test-reports/", views.dashboard_list, {"chart": "reports"}, name="dashboard_reports"),
    path("dashboard/overdue/", views.dashboard_list, {"chart": "overdue"}, name="dashboard_overdue"),
]
