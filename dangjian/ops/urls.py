from django.urls import path

from dangjian.ops import views

app_name = "ops"
urlpatterns = [
    path("", views.operations, name="operations"),
    path("backup/", views.backup_now, name="backup_now"),
]
