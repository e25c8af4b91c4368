from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.meetings import (
    views,
    views_committee,
    views_export,
    views_life,
    views_sign,
    views_stats,
    views_talk_plans,
)

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("plan/", views.plan, name="plan"),
    path("excusals/", views.excusals, name="excusals"),
    path("mine/", views_sign.mine, name="mine"),
    path("compliance/", views_committee.matrix, name="matrix"),
    path("missing/", views_committee.missing, name="missing"),
    path("cadres/", views_stats.cadres, name="cadres"),
    path("reviews/statistics/", views_stats.review_statistics, name="review_statistics"),
    path("review/", views_committee.review_queue, name="review_queue"),
    path("leave-requests/<id:request_id>/decide/", views.leave_decide, name="leave_decide"),
    path("<id:meeting_id>/", views.detail, name="detail"),
    path("<id:meeting_id>/record/", views.record, name="record"),
    path("<id:meeting_id>/notify/", views.notify, name="notify"),
    path("<id:meeting_id>/cancel/", views.cancel, name="cancel"),
    path("<id:meeting_id>/attachments/", views.attach, name="attach"),
    path("<id:meeting_id>/review/", views_committee.review, name="review"),
    path("<id:meeting_id>/qr/", views_sign.qr, name="qr"),
    path("<id:meeting_id>/qr/count/", views_sign.qr_count, name="qr_count"),
    path("<id:meeting_id>/sign-in/", views_sign.sign_in, name="sign_in"),
    path("<id:meeting_id>/leave/", views_sign.leave, name="leave"),
    path("<id:meeting_id>/minutes.<str:fmt>", views_export.minutes, name="minutes"),
]

# Votes at a meeting, 整改, 谈心谈话, 民主评议 and the year plan.
urlpatterns += [
    path("talks/", views_life.talks, name="talks"),
    path("talks/plans/", views_talk_plans.plans, name="talk_plans"),
    path("talks/plans/<id:plan_id>/held/", views_talk_plans.held, name="talk_plan_held"),
    path("talks/plans/<id:plan_id>/cancel/", views_talk_plans.cancel, name="talk_plan_cancel"),
    path("reviews/", views_life.reviews, name="reviews"),
    path("year-plan/", views_life.year_plan, name="year_plan"),
    path("<id:meeting_id>/life/", views_life.meeting_life, name="life"),
]
