from django.urls import path

from dangjian.development import views, views_committee, views_own

app_name = "development"

urlpatterns = [
    path("", views.pipeline_page, name="pipeline"),
]

# The 党委 and organisation department's pages, and the applicant's own page.
urlpatterns += [
    path("committee/", views_committee.queue_page, name="committee_queue"),
    path("inspection/", views_committee.inspection_page, name="inspection"),
    path("plan/", views_committee.plan_page, name="plan"),
    path("form-numbers/", views_committee.form_ranges_page, name="form_ranges"),
    path("me/", views_own.own_page, name="own"),
    path("<int:applicant_id>/login/", views_own.login_create_page, name="login_create"),
]

# Stands for the dossier page under its URL name until that page is merged (then removed).
urlpatterns += [
    path("<int:applicant_id>/", views_committee.dossier_placeholder, name="dossier"),
]
