from django.urls import path

from dangjian.study import views

app_name = "study"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("items/<int:item_id>/", views.item, name="item"),
    path("items/<int:item_id>/video", views.video, name="video"),
    path("quizzes/<int:quiz_id>/start/", views.quiz_start, name="quiz_start"),
    path("attempts/<int:attempt_id>/", views.attempt, name="attempt"),
    path("manage/", views.manage, name="manage"),
    path("manage/export.xlsx", views.completion_export, name="export"),
    path("manage/items/new/", views.item_new, name="item_new"),
    path("manage/items/<int:item_id>/", views.item_change, name="item_change"),
    path("manage/items/<int:item_id>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("manage/sessions/new/", views.session_new, name="session_new"),
    path("manage/exemptions/new/", views.exemption_new, name="exemption_new"),
    path("manage/quizzes/new/", views.quiz_new, name="quiz_new"),
    path("manage/quizzes/<int:quiz_id>/", views.quiz_results, name="quiz_results"),
    path("manage/questions/import/", views.questions_import, name="questions_import"),
    path("manage/questions/template.xlsx", views.questions_template, name="questions_template"),
    path("manage/points/", views.points, name="points"),
]
