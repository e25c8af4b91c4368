from django.urls import path

from dangjian.discipline import views

app_name = "discipline"

urlpatterns = [
    path("members/<int:member_id>/new/", views.sanction_new, name="new"),
    path("<int:sanction_id>/correct/", views.sanction_correct, name="correct"),
    path("export.xlsx", views.sanctions_export, name="export"),
]
