from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.dynamics import (
    incoming_views,
    ledger_views,
    views,
    views_applications,
    views_export,
    views_floating,
    views_own,
    views_standing,
)

app_name = "dynamics"
urlpatterns = [
    path("me/", views_own.own_page, name="own"),
    path("transfers/", views.transfer_list, name="transfers"),
    path("applications/", views_applications.application_list, name="applications"),
    path(
        "applications/<id:application_id>/<str:action>/",
        views_applications.application_act,
        name="application_act",
    ),
    path("transfers/export.xlsx", views_export.transfers_export, name="transfers_export"),
    path("letters/export.xlsx", views_export.letters_export, name="letters_export"),
    path("floating/export.xlsx", views_export.floating_export, name="floating_export"),
    path("floating/import/", views_export.floating_import, name="floating_import"),
    path(
        "floating/import/template.xlsx",
        views_export.floating_import_template,
        name="floating_import_template",
    ),
    path("transfers/import/", views_export.transfer_import, name="transfer_import"),
    path(
        "transfers/import/template.xlsx",
        views_export.transfer_import_template,
        name="transfer_import_template",
    ),
    path("transfers/batch/", views.transfer_batch, name="transfer_batch"),
    path("transfers/branches/", views.branch_options, name="branch_options"),
    path("transfers/<id:transfer_id>/", views.transfer_detail, name="transfer"),
    path("transfers/<id:transfer_id>/<str:action>/", views.transfer_act, name="transfer_act"),
    path("members/<id:member_id>/transfer/", views.transfer_start, name="transfer_start"),
    path("members/<id:member_id>/letter/", views.letter_new, name="letter_new"),
    path("letters/", views.letter_list, name="letters"),
    path("letters/<id:letter_id>/", views.letter_detail, name="letter"),
    path("letters/<id:letter_id>/print.<str:kind>", views.letter_download, name="letter_print"),
    path("letters/<id:letter_id>/<str:action>/", views.letter_act, name="letter_act"),
    path("floating/", views_floating.floating_list, name="floating"),
    path("floating/new/", views_floating.floating_new, name="floating_new"),
    path("floating/<id:record_id>/", views_floating.floating_detail, name="floating_record"),
    path(
        "floating/<id:record_id>/<str:action>/",
        views_floating.floating_act,
        name="floating_act",
    ),
    path("lost/", views_standing.lost_list, name="lost"),
    path("lost/new/", views_standing.lost_new, name="lost_new"),
    path("lost/import/", views_export.lost_import, name="lost_import"),
    path(
        "lost/import/template.xlsx", views_export.lost_import_template, name="lost_import_template"
    ),
    path("lost/<id:record_id>/", views_standing.lost_detail, name="lost_record"),
    path("lost/<id:record_id>/<str:action>/", views_standing.lost_act, name="lost_act"),
    path("exits/", views_standing.exit_list, name="exits"),
    path("members/<id:member_id>/exit/", views_standing.exit_new, name="exit_new"),
    path("members/<id:member_id>/restore/", views_standing.restore_new, name="restore_new"),
    path(
        "members/<id:member_id>/correction/", views_standing.correction_new, name="correction_new"
    ),
    path(
        "corrections/<id:term_id>/close/", views_standing.correction_close, name="correction_close"
    ),
    path("inactive/", views_standing.inactive_list, name="inactive"),
    path("sanctions/", views_standing.sanction_list, name="sanctions"),
    path("ledger/", ledger_views.ledger_page, name="ledger"),
    path("ledger/export.xlsx", ledger_views.ledger_export, name="ledger_export"),
    path("incoming/", incoming_views.incoming_list, name="incoming"),
    path("incoming/new/", incoming_views.incoming_new, name="incoming_new"),
    path("incoming/<id:letter_id>/", incoming_views.incoming_detail, name="incoming_letter"),
    path(
        "incoming/<id:letter_id>/receipt.<str:kind>",
        incoming_views.incoming_receipt,
        name="incoming_receipt",
    ),
]
