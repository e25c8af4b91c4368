from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.development import views, views_committee, views_documents, views_own

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

# Documents, spreadsheets and the Excel import (views_documents).
urlpatterns += [
    path("<id:applicant_id>/documents/notice.docx", views_documents.notice_word,
         name="notice_docx"),
    path("<id:applicant_id>/documents/notice.pdf", views_documents.notice_pdf_view,
         name="notice_pdf"),
    path("<id:applicant_id>/documents/record.docx", views_documents.record_word,
         name="record_docx"),
    path("<id:applicant_id>/documents/record.pdf", views_documents.record_pdf, name="record_pdf"),
    path("<id:applicant_id>/documents/resolution/", views_documents.resolution_page,
         name="resolution"),
    path("<id:applicant_id>/documents/resolution.docx", views_documents.resolution_word,
         name="resolution_docx"),
    path("export/pipeline.xlsx", views_documents.pipeline_export, name="export_pipeline"),
    path("export/statistics.xlsx", views_documents.statistics_export, name="export_statistics"),
    path("import/", views_documents.import_page, name="import"),
    path("import/template.xlsx", views_documents.import_template, name="import_template"),
]  # fmt: skip

# The 党委 and organisation department's pages, and the applicant's own page.
urlpatterns += [
    path("committee/", views_committee.queue_page, name="committee_queue"),
    path("inspection/", views_committee.inspection_page, name="inspection"),
    path("plan/", views_committee.plan_page, name="plan"),
    path("form-numbers/", views_committee.form_ranges_page, name="form_ranges"),
    path("me/", views_own.own_page, name="own"),
    path("<id:applicant_id>/login/", views_own.login_create_page, name="login_create"),
]
