from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.development import views

app_name = "development"

urlpatterns = [
    # The branch secretary's pages: pipeline, application, dossier, steps.
    path("", views.pipeline_page, name="pipeline"),
    path("new/", views.applicant_new, name="applicant_new"),
    path("<id:applicant_id>/", views.dossier_page, name="dossier"),
    path("<id:applicant_id>/step/<slug:code>/", views.step_page, name="step"),
    path(
        "<id:applicant_id>/steps/<id:step_id>/attachments/",
        views.attachment_upload,
        name="step_attachment",
    ),
]
