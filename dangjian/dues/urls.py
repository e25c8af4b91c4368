from django.urls import path

import dangjian.core.converters  # noqa: F401  (registers <id:...>)
from dangjian.dues import payroll_views, views

app_name = "dues"
urlpatterns = [
    path("", views.sheet, name="sheet"),
    path("generate/", views.generate, name="generate"),
    path("pay/", views.mark_paid, name="mark_paid"),
    path("close/", views.close_month, name="close"),
    path("sheet.xlsx", views.sheet_xlsx, name="sheet_xlsx"),
    path("publicity.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("me/", views.mine, name="mine"),
    path("member/<id:member_id>/", views.member_page, name="member"),
    path("member/<id:member_id>/year.xlsx", views.year_xlsx, name="year_xlsx"),
    path("member/<id:member_id>/declare/", views.declare, name="declare"),
    path("entry/<id:entry_id>/adjust/", views.adjust, name="adjust"),
    path("summary/", views.summary, name="summary"),
    path("arrears/", views.arrears, name="arrears"),
    path("todo/", views.todo, name="todo"),
    path("arrears/remind/", views.remind, name="remind"),
    path("payroll/", payroll_views.payroll_page, name="payroll"),
    path("payroll/template.xlsx", payroll_views.payroll_template, name="payroll_template"),
    path("policy/", views.policy, name="policy"),
]
