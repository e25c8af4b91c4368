from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.screen import views

app_name = "screen"
urlpatterns = [
    path("", views.screen_page, name="screen"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("data", views.data, name="data"),
    path("list/<slug:panel>/<str:key>/", views.drill, name="list"),
    path("trends/", views.trends_page, name="trends"),
    path("trends/data", views.trends_data, name="trends_data"),
    path("kiosk/", views.kiosk_links, name="kiosk_links"),
    path("kiosk/<id:token_id>/revoke/", views.kiosk_revoke, name="kiosk_revoke"),
    path("k/<str:token>/", views.kiosk_screen, name="kiosk"),
    path("k/<str:token>/data", views.kiosk_data, name="kiosk_data"),
]
