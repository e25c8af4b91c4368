"""The 学习教育 pages and API through the test client: the member's page and item, a form
refusal on its field, the manager's completion page and export, the import page and its
template, and the scope of the API (another branch's people see nothing)."""

from __future__ import annotations

import io
from collections.abc import Callable
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.members.models import Member
from dangjian.study.models import Question, StudyItem, StudyRecord, StudySession
from tests.study.test_quizzes import GOOD, _q, _xlsx

Login = Callable[[User], Client]


def test_member_page_shows_due_item_and_hours(
    login: Login, member_a_user: User, item_of_committee: StudyItem, item_of_branch_b: StudyItem
) -> None:
    page = login(member_a_user).get(reverse("study:mine")).content.decode()
    assert "学习党章" in page and "二支部专题学习" not in page
    assert "《中国共产党党员教育管理工作条例》第二十条" in page
    assert "EDU-1" not in page


def test_member_marks_an_item_studied_once(
    login: Login, member_a_user: User, item_of_committee: StudyItem
) -> None:
    client = login(member_a_user)
    url = reverse("study:item", args=[item_of_committee.pk])
    client.post(url)
    client.post(url)
    assert StudyRecord.objects.count() == 1
    assert "已计入线上学时1.5学时" in client.get(url).content.decode()


def test_member_of_another_branch_gets_404_for_an_item(
    login: Login, member_a_user: User, item_of_branch_b: StudyItem
) -> None:
    response = login(member_a_user).post(reverse("study:item", args=[item_of_branch_b.pk]))
    assert response.status_code == 404
    assert not StudyRecord.objects.exists()


def test_session_form_refuses_bad_hours_on_the_field(
    login: Login, secretary_a: User, enterprise: SimpleNamespace, member_a: Member
) -> None:
    response = login(secretary_a).post(reverse("study:session_new"), {
        "organization": enterprise.branch_a.pk, "topic": "集中学习", "held_on": "2025-06-01",
        "hours": "2.25", "members": [member_a.pk]})  # fmt: skip
    assert response.status_code == 200
    assert 'data-field="hours">学时最多精确到0.1学时' in response.content.decode()
    assert not StudySession.objects.exists()


def test_completion_page_and_export(
    login: Login, secretary_a: User, enterprise: SimpleNamespace, member_a: Member
) -> None:
    client = login(secretary_a)
    page = client.get(reverse("study:manage") + "?year=2025").content.decode()
    assert "一支部" in page and "二支部" not in page
    export = client.get(reverse("study:export") + "?year=2025")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    rows = [tuple(r) for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert rows == [("一支部", 1, 0, 0, "0%", "0.0")]


def test_member_cannot_open_the_manager_pages(login: Login, member_a_user: User) -> None:
    assert login(member_a_user).get(reverse("study:manage")).status_code == 403


def test_import_page_reports_the_cell_and_writes_nothing(
    login: Login, secretary_a: User, enterprise: SimpleNamespace
) -> None:
    bad = _xlsx([*GOOD, _q("判断题", "判断题填了选项", ["对", "错"], "对")])
    upload = SimpleUploadedFile("题库.xlsx", bad)
    response = login(secretary_a).post(reverse("study:questions_import"), {
        "organization": enterprise.branch_a.pk, "file": upload, "commit": "1"})  # fmt: skip
    page = response.content.decode()
    assert "未通过" in page and "判断题不填选项" in page and "<th>题干</th>" in page
    assert not Question.objects.exists()


def test_import_template_reads_back_through_the_import(
    login: Login, secretary_a: User, enterprise: SimpleNamespace
) -> None:
    template = login(secretary_a).get(reverse("study:questions_template")).content
    book = load_workbook(io.BytesIO(template))
    assert book.sheetnames[0] == "题库"
    first = [c.value for c in next(book["题库"].iter_rows(max_row=1))]
    assert first[:3] == ["题型", "题干", "选项A"] and first[-1] == "答案"


def test_api_hours_and_marking(
    login: Login, member_a_user: User, item_of_committee: StudyItem
) -> None:
    client = login(member_a_user)
    assert client.get("/api/study/items").json()[0]["studied"] is False
    marked = client.post(f"/api/study/items/{item_of_committee.pk}/studied").json()
    assert marked == {"item_id": item_of_committee.pk, "hours": "1.5", "created": True}
    mine = client.get("/api/study/mine").json()
    assert (mine["online"], mine["required"], mine["met"]) == ("1.5", "32.0", False)
    assert mine["basis"] == "（依据《中国共产党党员教育管理工作条例》第二十条）"


def test_api_scoping(
    login: Login, member_a_user: User, secretary_b: User, item_of_branch_b: StudyItem,
    member_a: Member,
) -> None:  # fmt: skip
    client = login(member_a_user)
    assert client.post(f"/api/study/items/{item_of_branch_b.pk}/studied").status_code == 404
    assert client.get("/api/study/completion").status_code == 403
    client.force_login(secretary_b)
    names = [b["organization_name"] for b in client.get("/api/study/completion").json()]
    assert names == ["二支部"]
    assert client.get("/api/study/mine").status_code == 404


def test_items_to_study_are_a_member_due_item(
    member_a_user: User, item_of_committee: StudyItem, item_of_branch_b: StudyItem
) -> None:
    from django.utils import timezone

    from dangjian.core.due import due_items
    from dangjian.study.services import study_item_mark_studied

    today = timezone.localdate()
    mine = [i for i in due_items(member_a_user, today) if i.key == "study.items"]
    assert [(i.title, i.count, i.audience, i.citation) for i in mine] == [
        ("我的学习：1项待学习", 1, "own", "《中国共产党党员教育管理工作条例》第二十条")
    ]
    study_item_mark_studied(actor=member_a_user, item_id=item_of_committee.pk)
    assert not [i for i in due_items(member_a_user, today) if i.key == "study.items"]
