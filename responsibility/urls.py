from django.urls import path

from responsibility.views import archives, leads, plaques, public

app_name = "responsibility"

urlpatterns = [
    path("projects/<int:pk>/leads/", leads.leads_tab, name="leads"),
    path("projects/<int:pk>/leads/appoint/", leads.lead_appoint, name="lead_appoint"),
    path("projects/<int:pk>/leads/<int:lead_pk>/correct/", leads.lead_correct, name="lead_correct"),
    path("projects/<int:pk>/leads/<int:lead_pk>/commitment/", leads.lead_commitment, name="lead_commitment"),
    path("projects/<int:pk>/plaque/", plaques.plaque_tab, name="plaque"),
    path("projects/<int:pk>/plaque/issue/", plaques.plaque_issue, name="plaque_issue"),
    path("projects/<int:pk>/plaque/plaque.pdf", plaques.plaque_pdf, name="plaque_pdf"),
    path("projects/<int:pk>/plaque/plaque.svg", plaques.plaque_svg, name="plaque_svg"),
    path("projects/<int:pk>/plaque/installation/", plaques.plaque_install, name="plaque_install"),
    path("projects/<int:pk>/plaque/replace/", plaques.plaque_replace, name="plaque_replace"),
    path("projects/<int:pk>/plaque/v<int:version>/plaque.pdf", plaques.plaque_pdf, name="plaque_version_pdf"),
    path("projects/<int:pk>/plaque/v<int:version>/plaque.svg", plaques.plaque_svg, name="plaque_version_svg"),
    path("projects/<int:pk>/archive/", archives.archive_tab, name="archive"),
    path("projects/<int:pk>/archive/generate/", archives.archive_generate, name="archive_generate"),
    path("projects/<int:pk>/archive/<int:version>/handover/", archives.archive_handover, name="archive_handover"),
    # Public, no login: what the QR code on the plaque opens.
    path("p/<str:code>", public.plaque_page, name="public_plaque"),
    path("p/<str:code>/photo.jpg", public.plaque_photo, name="public_plaque_photo"),
]
