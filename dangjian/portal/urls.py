from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.portal import pwa, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("notices/", views.bulletins, name="bulletins"),
    path("notices/<id:bulletin_id>/", views.bulletin, name="bulletin"),
    path("notices/manage/", views.manage, name="manage"),
    path("notices/new/", views.new, name="new"),
    path("notices/<id:bulletin_id>/receipts/", views.receipts, name="receipts"),
    path("notices/<id:bulletin_id>/remind/", views.remind, name="remind"),
    path("notices/<id:bulletin_id>/attach/", views.attach, name="attach"),
    path("corrections/new/", views.correction_new, name="correction_new"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/<id:request_id>/approve/", views.approve, name="approve"),
    path("corrections/<id:request_id>/refuse/", views.refuse, name="refuse"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="sw"),
    path("offline/", pwa.offline, name="offline"),
]
