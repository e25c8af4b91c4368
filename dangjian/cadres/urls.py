from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.cadres import views

app_name = "cadres"
urlpatterns = [
    path("", views.cadre_list_page, name="list"),
    path("list.xlsx", views.cadre_list_export, name="list_export"),
    path("<id:cadre_id>/", views.cadre_file_page, name="file"),
    path("<id:cadre_id>/add/<str:kind>/", views.record_add_page, name="record_add"),
    path("<id:cadre_id>/posts/<id:post_id>/end/", views.post_end_page, name="post_end"),
    path("access/", views.access_page, name="access"),
    path("access/<id:grant_id>/<str:action>/", views.access_change, name="access_change"),
    path("analysis/", views.analysis_page, name="analysis"),
    path("analysis.xlsx", views.analysis_export, name="analysis_export"),
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("matters/", views.matters_page, name="matters"),
]
