from django.urls import path

from materials.views import batches, imports, lab, trace

app_name = "materials"
urlpatterns = [
    path("projects/<int:pk>/materials/", batches.project_materials, name="project_materials"),
    path("projects/<int:pk>/materials/batches/new/", batches.batch_create, name="batch_create"),
    path("projects/<int:pk>/materials/witnesses/", batches.witnesses, name="witnesses"),
    path("projects/<int:pk>/materials/import/", imports.import_create, name="import_create"),
    path("materials/batches/<int:pk>/", batches.batch_detail, name="batch_detail"),
    path("materials/batches/<int:pk>/accept/", batches.batch_accept, name="batch_accept"),
    path("materials/batches/<int:pk>/samples/new/", batches.sample_create, name="sample_create"),
    path("materials/batches/<int:pk>/usages/new/", batches.usage_create, name="usage_create"),
    path("materials/usages/<int:pk>/withdraw/", batches.usage_withdraw, name="usage_withdraw"),
    path("materials/non-conformances/<int:pk>/close/", batches.nc_close, name="nc_close"),
    path("materials/samples/<int:pk>/report/", lab.report_create, name="report_create"),
    path("materials/lab/", lab.lab_inbox, name="lab_inbox"),
    path("materials/trace/", trace.trace, name="trace"),
    path("materials/recalls/", trace.recall_list, name="recall_list"),
    path("materials/recalls/<int:pk>/", trace.recall_detail, name="recall_detail"),
    path("materials/recalls/<int:pk>/recall.xlsx", trace.recall_xlsx, name="recall_xlsx"),
    path("materials/recalls/<int:pk>/recall.pdf", trace.recall_pdf, name="recall_pdf"),
    path("materials/imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("materials/imports/<int:pk>/status.json", imports.import_status, name="import_status"),
    path("materials/imports/<int:pk>/commit/", imports.import_commit, name="import_commit"),
]
