from django.urls import path

from dangjian.cadres import views

app_name = "cadres"
urlpatterns = [
    path("", views.cadre_list_page, name="list"),
    path("<id:cadre_id>/", views.cadre_file_page, name="file"),
    path("analysis/", views.analysis_page, name="analysis"),
    path("analysis.xlsx", views.analysis_export, name="analysis_export"),
    path("import/", views.import_page, name="import"),
    path("matters/", views.matters_page, name="matters"),
]
