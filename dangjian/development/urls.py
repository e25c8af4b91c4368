from django.urls import path

from dangjian.development import views, views_documents

app_name = "development"

urlpatterns = [
    path("", views.pipeline_page, name="pipeline"),
]

# Documents, spreadsheets and the Excel import (views_documents).
urlpatterns += [
    path("<int:applicant_id>/documents/notice.docx", views_documents.notice_word,
         name="notice_docx"),
    path("<int:applicant_id>/documents/notice.pdf", views_documents.notice_pdf_view,
         name="notice_pdf"),
    path("<int:applicant_id>/documents/record.docx", views_documents.record_word,
         name="record_docx"),
    path("<int:applicant_id>/documents/record.pdf", views_documents.record_pdf, name="record_pdf"),
    path("<int:applicant_id>/documents/resolution/", views_documents.resolution_page,
         name="resolution"),
    path("<int:applicant_id>/documents/resolution.docx", views_documents.resolution_word,
         name="resolution_docx"),
    path("export/pipeline.xlsx", views_documents.pipeline_export, name="export_pipeline"),
    path("export/statistics.xlsx", views_documents.statistics_export, name="export_statistics"),
    path("import/", views_documents.import_page, name="import"),
    path("import/template.xlsx", views_documents.import_template, name="import_template"),
]  # fmt: skip
