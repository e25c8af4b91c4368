from django.urls import path

from dangjian.members import excel_views, views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.create, name="create"),
    path("export.xlsx", excel_views.export_members, name="export"),
    path("import/", excel_views.import_page, name="import"),
    path("import/template.xlsx", excel_views.import_template, name="import_template"),
    path("<int:member_id>/", views.detail, name="detail"),
    path("<int:member_id>/edit/", views.edit, name="edit"),
    path("<int:member_id>/change/", views.change, name="change"),
    path("<int:member_id>/reveal/<str:field>/", views.reveal, name="reveal"),
]
