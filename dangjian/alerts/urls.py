from django.urls import path

from dangjian.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("export.xlsx", views.alert_export, name="export"),
    path("scores/", views.scores, name="scores"),
]
