from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.members import excel_views, views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.create, name="create"),
    path("export.xlsx", excel_views.export_members, name="export"),
    path("import/", excel_views.import_page, name="import"),
    path("import/template.xlsx", excel_views.import_template, name="import_template"),
    path("<id:member_id>/", views.detail, name="detail"),
    path("<id:member_id>/edit/", views.edit, name="edit"),
    path("<id:member_id>/change/", views.change, name="change"),
    path("<id:member_id>/reveal/<str:field>/", views.reveal, name="reveal"),
]
