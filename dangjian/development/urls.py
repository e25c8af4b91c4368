from django.urls import path

from dangjian.development import views

app_name = "development"

urlpatterns = [
    path("", views.pipeline_page, name="pipeline"),
]
