"""A change to a meeting already recorded is a correction: it needs a reason, and two people
recording at once never silently overwrite each other."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.db import close_old_connections, connection
from django.test import Client

from dangjian.core.errors import Conflict
from dangjian.meetings.inputs import MinutesInput
from dangjian.meetings.models import Meeting, MeetingState
from dangjian.meetings.services import meeting_record
from dangjian.members.models import Member
from tests.factories import Role, make_member, make_user
from tests.meetings.marks import complete
from tests.meetings.test_services import plan

JSON = "application/json"


@pytest.fixture
def people(enterprise: SimpleNamespace) -> list[Member]:
    return [make_member(enterprise.branch_a, name=f"记录党员{i}") for i in range(3)]


@pytest.fixture
def deputy_a(enterprise: SimpleNamespace) -> User:
    user = make_user("fushuji_a", Role.SECRETARY, enterprise.branch_a)
    user.first_name = "李副书记"
    user.save(update_fields=["first_name"])
    return user


def _minutes(meeting_id: int, content: str) -> MinutesInput:
    return MinutesInput(content=content, marks=complete(meeting_id, rest="present"))


def test_a_second_record_without_a_reason_is_refused_naming_the_first(
    enterprise: SimpleNamespace, secretary_a: User, deputy_a: User, people: list[Member]
) -> None:
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 10))
    meeting_record(actor=deputy_a, meeting_id=meeting.pk, minutes=_minutes(meeting.pk, "第一份"))
    with pytest.raises(Conflict) as refused:
        meeting_record(actor=secretary_a, meeting_id=meeting.pk,
                       minutes=_minutes(meeting.pk, "第二份"))  # fmt: skip
    assert "李副书记" in str(refused.value) and "修改原因" in str(refused.value)
    assert Meeting.objects.get(pk=meeting.pk).content == "第一份"
    # The same record sent again changes nothing and is not refused.
    meeting_record(actor=deputy_a, meeting_id=meeting.pk, minutes=_minutes(meeting.pk, "第一份"))
    corrected = meeting_record(actor=secretary_a, meeting_id=meeting.pk,
                               minutes=_minutes(meeting.pk, "第二份"), reason="补充讨论内容")  # fmt: skip
    assert corrected.content == "第二份"
    assert corrected.events.filter(action="record", reason="补充讨论内容").exists()


def test_the_api_answers_409_for_a_record_over_another(
    enterprise: SimpleNamespace, secretary_a: User, deputy_a: User, people: list[Member],
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 10))
    marks = [{"member_id": m, "mark": k} for m, k in complete(meeting.pk, rest="present")]
    first = login(deputy_a).post(f"/api/meetings/{meeting.pk}/record",
                                 {"content": "第一份", "marks": marks}, content_type=JSON)  # fmt: skip
    assert first.status_code == 200, first.content
    second = login(secretary_a).post(f"/api/meetings/{meeting.pk}/record",
                                     {"content": "第二份", "marks": marks}, content_type=JSON)  # fmt: skip
    assert second.status_code == 409
    assert "由李副书记于" in second.json()["detail"]
    assert Meeting.objects.get(pk=meeting.pk).content == "第一份"
    with_reason = login(secretary_a).post(
        f"/api/meetings/{meeting.pk}/record",
        {"content": "第二份", "marks": marks, "reason": "更正发言情况"}, content_type=JSON,
    )  # fmt: skip
    assert with_reason.status_code == 200, with_reason.content


@pytest.mark.django_db(transaction=True)
def test_two_first_records_at_once_store_one(
    enterprise: SimpleNamespace, secretary_a: User, deputy_a: User
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks between concurrent writers: PostgreSQL (this suite also runs there)")
    make_member(enterprise.branch_a, name="并发记录党员")
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 10))
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def record(actor: User, content: str) -> None:
        try:
            start.wait()
            meeting_record(actor=actor, meeting_id=meeting.pk,
                           minutes=_minutes(meeting.pk, content))  # fmt: skip
            outcomes.append("stored")
        except Conflict:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=record, args=pair)
               for pair in ((secretary_a, "甲的记录"), (deputy_a, "乙的记录"))]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.state == MeetingState.RECORDED
    assert stored.events.filter(action="record").count() == 1


def test_a_person_marked_twice_is_refused_by_name(
    enterprise: SimpleNamespace, secretary_a: User, people: list[Member],
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 10))
    marks = [{"member_id": m, "mark": k} for m, k in complete(meeting.pk, rest="present")]
    marks.append({"member_id": people[0].pk, "mark": "absent"})
    answer = login(secretary_a).post(f"/api/meetings/{meeting.pk}/record",
                                     {"content": "学习", "marks": marks}, content_type=JSON)  # fmt: skip
    assert answer.status_code == 422, answer.content
    error = answer.json()["errors"][0]
    assert error["field"] == "marks" and "记录党员0" in error["message"]
    assert "出席、缺席" in error["message"]
    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.state == MeetingState.PLANNED and not stored.attendance.exists()
