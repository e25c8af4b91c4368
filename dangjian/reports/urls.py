from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.tables_page, name="tables"),
    path("cell/", views.cell_page, name="cell"),
    path("tables.xlsx", views.tables_xlsx, name="tables_xlsx"),
    path("tables.pdf", views.tables_pdf, name="tables_pdf"),
    path("builder/", views.builder_page, name="builder"),
    path("builder.xlsx", views.builder_xlsx, name="builder_xlsx"),
    path("builder/save/", views.builder_save, name="builder_save"),
    path("builder/<id:report_id>/delete/", views.builder_delete, name="builder_delete"),
]
