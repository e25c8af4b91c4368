from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.run_list_page, name="runs"),
    path("run/", views.run_now, name="run_now"),
    path("schedule/", views.schedule_change, name="schedule"),
    path("<id:run_id>/", views.run_page, name="run"),
]
