"""Routes of 组织生活's lists behind the home cards and its Excel exports (under /meetings/)."""

from django.urls import path

from dangjian.meetings import views_export, views_missing

app_name = "meetings_doors"

urlpatterns = [
    path("due/", views_missing.missing_list, name="missing"),
    path("export/compliance.xlsx", views_export.compliance_xlsx, name="compliance_xlsx"),
    path("export/attendance.xlsx", views_export.attendance_xlsx, name="attendance_xlsx"),
    path("export/cadres.xlsx", views_export.cadres_xlsx, name="cadres_xlsx"),
    path("export/reviews.xlsx", views_export.reviews_xlsx, name="reviews_xlsx"),
]
