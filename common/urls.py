from django.urls import path

from common import views

app_name = "common"
urlpatterns = [
    path("files/<uuid:file_id>/", views.file_download, name="file"),
]
