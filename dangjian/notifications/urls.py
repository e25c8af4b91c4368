from django.urls import path

from dangjian.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:delivery_id>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("settings/", views.my_settings, name="settings"),
    path("defaults/", views.role_defaults, name="defaults"),
    path("robots/", views.robot_add, name="robot_add"),
    path("robots/<int:robot_id>/delete/", views.robot_remove, name="robot_remove"),
]
