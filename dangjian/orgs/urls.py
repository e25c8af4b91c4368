from django.urls import path

from dangjian.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("new/", views.create, name="create"),
    path("structure/", views.structure, name="structure"),
    path("<int:org_id>/", views.detail, name="detail"),
    path("<int:org_id>/children/", views.tree_children, name="children"),
    path("<int:org_id>/members-on/", views.members_on, name="members_on"),
    path("<int:org_id>/edit/", views.edit, name="edit"),
    path("<int:org_id>/move/", views.move, name="move"),
    path("<int:org_id>/dissolve/", views.dissolve, name="dissolve"),
]
