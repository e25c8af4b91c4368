from django.urls import path

from dangjian.assistant import views

app_name = "assistant"
urlpatterns = [
    path("", views.chat, name="chat"),
    path("ask/", views.ask, name="ask"),
    path("rate/<int:exchange_id>/", views.rate, name="rate"),
    path("kb/", views.kb_manager, name="kb"),
    path("kb/test/", views.kb_test, name="kb_test"),
    path("kb/<int:document_id>/", views.document, name="document"),
    path("kb/<int:document_id>/delete/", views.kb_delete, name="kb_delete"),
    path("log/", views.exchange_log, name="log"),
]
