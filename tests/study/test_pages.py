"""The 学习教育 pages and API through the test client: the member's page and item, a form
refusal on its field, the manager's completion page and export, the import page and its
template, and the scope of the API (another branch's people see nothing)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.fixtures import Settings

from dangjian.members.models import Member
from dangjian.study.models import Question, StudyItem, StudyRecord, StudySession
from tests.study.test_quizzes import GOOD, _q, _xlsx

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

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


MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _video_item(
    client: Client, org_id: int, content: bytes, name: str = "党课.mp4"
) -> _MonkeyPatchedWSGIResponse:
    response = client.post(reverse("study:item_new"), {
        "organization": org_id, "title": "党课视频", "kind": "video", "hours": "1",
        "due_on": "2099-12-31", "video": SimpleUploadedFile(name, content)})  # fmt: skip
    return response


def test_an_uploaded_video_is_served_only_within_scope(
    login: Login, secretary_b: User, member_a_user: User, member_b: Member,
    enterprise: SimpleNamespace, media: Path,
) -> None:  # fmt: skip
    client = login(secretary_b)
    assert _video_item(client, enterprise.branch_b.pk, MP4).status_code == 302
    item = StudyItem.objects.get()
    assert item.video.endswith(".mp4") and "党课" not in item.video  # a name nobody chose
    served = client.get(reverse("study:video", args=[item.pk]))
    assert served["Content-Type"] == "video/mp4"
    assert b"".join(served.streaming_content) == MP4  # type: ignore[attr-defined]
    client.force_login(member_a_user)  # a member of branch A: not assigned to them
    assert client.get(reverse("study:video", args=[item.pk])).status_code == 404


def test_a_video_is_served_by_byte_range_so_a_player_can_seek(
    login: Login, secretary_b: User, enterprise: SimpleNamespace, media: Path
) -> None:
    client = login(secretary_b)
    _video_item(client, enterprise.branch_b.pk, MP4)
    url = reverse("study:video", args=[StudyItem.objects.get().pk])
    whole = client.get(url)
    assert (whole.status_code, whole["Accept-Ranges"]) == (200, "bytes")
    part = client.get(url, headers={"Range": "bytes=4-11"})
    assert (part.status_code, part["Content-Range"], part["Content-Length"]) == (
        206, f"bytes 4-11/{len(MP4)}", "8"
    )  # fmt: skip
    assert b"".join(part.streaming_content) == b"ftypmp42"  # type: ignore[attr-defined]
    tail = client.get(url, headers={"Range": "bytes=-3"})
    assert b"".join(tail.streaming_content) == MP4[-3:]  # type: ignore[attr-defined]
    past = client.get(url, headers={"Range": f"bytes={len(MP4)}-"})
    assert (past.status_code, past["Content-Range"]) == (416, f"bytes */{len(MP4)}")


def test_a_file_that_is_not_a_video_is_refused_and_nothing_stored(
    login: Login, secretary_b: User, enterprise: SimpleNamespace, media: Path
) -> None:
    response = _video_item(login(secretary_b), enterprise.branch_b.pk, b"%PDF-1.4 fake", "课.mp4")
    assert 'data-field="video">视频应为MP4或WebM格式' in response.content.decode()
    assert not StudyItem.objects.exists()
    assert not any(media.rglob("*.*"))


def test_a_video_item_needs_a_file_or_a_link(
    login: Login, secretary_b: User, enterprise: SimpleNamespace
) -> None:
    response = login(secretary_b).post(reverse("study:item_new"), {
        "organization": enterprise.branch_b.pk, "title": "党课视频", "kind": "video",
        "hours": "1", "due_on": "2099-12-31"})  # fmt: skip
    assert "请上传视频文件，或填写视频的内网链接" in response.content.decode()


def test_api_quiz_round_trip_and_scope(
    login: Login, secretary_a: User, member_a_user: User, enterprise: SimpleNamespace,
    member_b: Member,
) -> None:  # fmt: skip
    from tests.factories import make_user
    from tests.study.test_quizzes import _quiz

    quiz = _quiz(secretary_a, enterprise)
    client = login(member_a_user)
    started = client.post(f"/api/study/quizzes/{quiz.pk}/attempts")
    paper = started.json()
    assert started.status_code == 200, paper
    assert len(paper["questions"]) == 3 and "answer" not in paper["questions"][0]
    keys = dict(Question.objects.values_list("pk", "answer"))
    answers = {str(q["id"]): keys[q["id"]] for q in paper["questions"]}
    url = f"/api/study/attempts/{paper['id']}/submit"
    done = client.post(url, {"answers": answers}, content_type="application/json").json()
    assert (done["score"], done["correct"]) == (100, 3)
    again = client.post(url, {"answers": answers}, content_type="application/json")
    assert again.status_code == 409 and "已提交" in again.json()["detail"]
    client.force_login(make_user("dangyuan_b", member=member_b))
    assert client.post(f"/api/study/quizzes/{quiz.pk}/attempts").status_code == 404
    other = client.post(url, {"answers": answers}, content_type="application/json")
    assert other.status_code == 404
