from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.documents import views

app_name = "documents"
urlpatterns = [
    path("attachments/<id:attachment_id>/", views.download, name="attachment"),
]
