from django.contrib.auth import views as auth_views
from django.urls import path

from projects.views import home, notifications, organizations, projects

app_name = "projects"

urlpatterns = [
    path("projects/", projects.project_list, name="list"),
    path("projects/new/", projects.project_create, name="create"),
    path("projects/<int:pk>/", projects.project_detail, name="detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="edit"),
    path("projects/<int:pk>/history/", projects.project_history, name="history"),
    path("projects/<int:pk>/unit-projects/new/", projects.unit_project_create, name="unit_create"),
    path("projects/<int:pk>/parties/new/", projects.party_create, name="party_create"),
    path("projects/<int:pk>/parties/<int:party_pk>/leave/", projects.party_leave, name="party_leave"),
    path("projects/<int:pk>/start/", projects.project_transition, {"transition": "start"}, name="start"),
    path("projects/<int:pk>/complete/", projects.project_transition, {"transition": "complete"}, name="complete"),
    path("organizations/", organizations.organization_list, name="organization_list"),
    path("organizations/new/", organizations.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", organizations.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", organizations.organization_edit, name="organization_edit"),
    path("people/", organizations.person_list, name="person_list"),
    path("people/new/", organizations.person_create, name="person_create"),
    path("people/<int:pk>/", organizations.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", organizations.person_edit, name="person_edit"),
    path("people/<int:pk>/reveal-id/", organizations.person_reveal_id, name="person_reveal_id"),
    path("people/<int:pk>/registrations/new/", organizations.registration_create, name="registration_create"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
]

# Outside the namespace: Django's auth views and the start page use these names.
root_urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
