from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.elections import views

app_name = "elections"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("terms.xlsx", views.terms_export, name="terms_xlsx"),
    path("<id:election_id>/result.xlsx", views.result_export, name="result_xlsx"),
    path("org/<id:org_id>/term/", views.term_form, name="term"),
    path("org/<id:org_id>/adjust/", views.adjust, name="adjust"),
    path("org/<id:org_id>/request/", views.request_form, name="request"),
    path("org/<id:org_id>/by-election/", views.by_election_form, name="by_election"),
    path("<id:election_id>/", views.detail, name="detail"),
    path("<id:election_id>/approve/", views.approve, name="approve"),
    path("<id:election_id>/hold/", views.hold, name="hold"),
    path("<id:election_id>/runoff/", views.runoff, name="runoff"),
    path("<id:election_id>/posts/", views.posts, name="posts"),
    path("<id:election_id>/shortfall/", views.close_shortfall, name="shortfall"),
    path("<id:election_id>/report/", views.report, name="report"),
    path("<id:election_id>/secretaries/", views.approve_secretaries, name="secretaries"),
    path("<id:election_id>/confirm/", views.confirm, name="confirm"),
    path("<id:election_id>/<str:kind>.<str:fmt>", views.document, name="document"),
]
