from django.urls import path

from dangjian.accounts import views

app_name = "accounts"

urlpatterns = [
    path("password/", views.password_change, name="password_change"),
    path("locks/", views.locks, name="locks"),
    path("locks/<int:attempt_id>/release/", views.lock_release, name="lock_release"),
    path("roles/", views.roles, name="roles"),
    path("roles/<int:grant_id>/revoke/", views.role_revoke_view, name="role_revoke"),
]
