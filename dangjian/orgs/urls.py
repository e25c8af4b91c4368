from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("new/", views.create, name="create"),
    path("structure/", views.structure, name="structure"),
    path("<id:org_id>/", views.detail, name="detail"),
    path("<id:org_id>/children/", views.tree_children, name="children"),
    path("<id:org_id>/members-on/", views.members_on, name="members_on"),
    path("<id:org_id>/edit/", views.edit, name="edit"),
    path("<id:org_id>/move/", views.move, name="move"),
    path("<id:org_id>/dissolve/", views.dissolve, name="dissolve"),
]
