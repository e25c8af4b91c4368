"""/api/development: the pipeline, the dossier, registering and recording a step through the
same services and scoped selectors as the pages; errors as JSON naming the field in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dangjian.development.models import Applicant, DevelopmentStep
from dangjian.development.services import applicant_register
from dangjian.members.models import Member
from dangjian.rules.idcard import make_id_number
from tests.development.support import (
    ALL_OPINIONS,
    applicant_input,
    record,
    to_admission_meeting,
    to_candidate,
    voters,
)
from tests.factories import Role, make_user

JSON = "application/json"
URL = "/api/development"


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    """The organisation administrator of 测试公司党委, which approves (细则第二十二条)."""
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def person_a(enterprise: SimpleNamespace, secretary_a: User) -> Applicant:
    """An applicant of branch A whose talk (due 2023-04-03) is overdue."""
    data = applicant_input(enterprise.branch_a, name="张三", phone="13712345678")
    return applicant_register(actor=secretary_a, data=data)


@pytest.fixture
def person_b(enterprise: SimpleNamespace, secretary_b: User) -> Applicant:
    return applicant_register(actor=secretary_b, data=applicant_input(enterprise.branch_b))


@pytest.fixture
def activist_a(person_a: Applicant, secretary_a: User) -> Applicant:
    """张三, 入党积极分子 since 2023-04-10."""
    record(secretary_a, person_a, "talk", date(2023, 3, 20), talker="王书记")
    record(secretary_a, person_a, "designate_activist", date(2023, 4, 10),
           recommendation="members", decided_by="branch_assembly")  # fmt: skip
    return person_a


def _post(client: Client, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, payload, content_type=JSON)


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def _errors(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


# --- reading -------------------------------------------------------------------------------


def test_pipeline_lists_only_the_callers_branch(
    login: Callable[[User], Client], secretary_a: User, person_a: Applicant, person_b: Applicant
) -> None:
    assert _ids(login(secretary_a).get(URL)) == {person_a.pk}


def test_pipeline_row_shows_the_overdue_talk_with_its_article(
    login: Callable[[User], Client], secretary_a: User, person_a: Applicant
) -> None:
    row = login(secretary_a).get(URL).json()["items"][0]
    assert (row["stage"], row["stage_label"]) == ("applicant", "入党申请人")
    assert row["overdue"] is True and row["next_due_on"] == "2023-04-03"
    assert row["dues"][0]["citation"] == "《中国共产党发展党员工作细则》第七条"
    assert row["phone_masked"] == "137****5678"


def test_pipeline_filters_by_stage_due_and_organization(
    login: Callable[[User], Client],
    org_admin_general: User,
    enterprise: SimpleNamespace,
    activist_a: Applicant,
    person_b: Applicant,
) -> None:
    client = login(org_admin_general)
    assert _ids(client.get(URL)) == {activist_a.pk, person_b.pk}
    assert _ids(client.get(f"{URL}?stage=activist")) == {activist_a.pk}
    assert _ids(client.get(f"{URL}?stage=applicant")) == {person_b.pk}
    # B's talk is overdue (received 2023); A's next assessment (2023-10-10) is overdue too.
    assert _ids(client.get(f"{URL}?due=overdue")) == {activist_a.pk, person_b.pk}
    assert _ids(client.get(f"{URL}?due=soon")) == set()
    assert _ids(client.get(f"{URL}?organization_id={enterprise.branch_b.pk}")) == {person_b.pk}


def test_pipeline_of_another_branch_is_404(
    login: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    response = login(secretary_a).get(f"{URL}?organization_id={enterprise.branch_b.pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == "未找到该记录"


def test_bad_filter_names_the_field(login: Callable[[User], Client], secretary_a: User) -> None:
    errors = _errors(login(secretary_a).get(f"{URL}?stage=full"))
    assert errors["stage"].startswith("发展阶段不是有效的选项")


def test_dossier_shows_steps_people_checks_and_the_next_step(
    login: Callable[[User], Client], secretary_a: User, activist_a: Applicant
) -> None:
    body = login(secretary_a).get(f"{URL}/{activist_a.pk}").json()
    assert body["name"] == "张三" and body["stage_label"] == "入党积极分子"
    assert [s["code"] for s in body["steps"]] == ["apply", "talk", "designate_activist"]
    talk = body["steps"][1]
    assert talk["people"] == [
        {"role": "talker", "role_label": "谈话人", "name": "王书记", "member_id": None}
    ]
    assert talk["verdicts"][0]["rule_id"] == "DEV-2"
    assert "第七条" in talk["verdicts"][0]["text"]
    assert body["next_step"]["transition"]["code"] == "file_activist"
    assert {t["code"] for t in body["next_transitions"]} >= {"assess", "designate_candidate"}
    assert {d["what"] for d in body["dues"]} == {"考察入党积极分子", "确定为发展对象"}


def test_dossier_masks_the_id_and_phone_numbers(
    login: Callable[[User], Client], sysadmin: User, person_a: Applicant
) -> None:
    response = login(sysadmin).get(f"{URL}/{person_a.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["personal_numbers_masked"] is True
    id_number = person_a.id_number or ""
    assert id_number not in str(body) and "13712345678" not in str(body)
    assert body["id_number"].startswith(id_number[:6]) and "*" in body["id_number"]


def test_dossier_of_another_branch_is_404(
    login: Callable[[User], Client], secretary_b: User, person_a: Applicant
) -> None:
    assert login(secretary_b).get(f"{URL}/{person_a.pk}").status_code == 404


# --- registering ---------------------------------------------------------------------------


def _application(branch_id: int, **overrides: Any) -> dict[str, Any]:
    birth = date(1999, 7, 9)
    payload = {
        "name": "李明", "gender": "M", "birth_date": birth.isoformat(),
        "id_number": make_id_number("110105", birth, 37, "M"), "education": "bachelor",
        "occupation": "professional", "organization_id": branch_id,
        "applied_on": "2026-10-08", "received_on": "2026-10-09", "phone": "13800001111",
    }  # fmt: skip
    return payload | overrides


def test_register_an_application(
    login: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    response = _post(login(secretary_a), URL, _application(enterprise.branch_a.pk))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["stage"] == "applicant" and body["steps"][0]["code"] == "apply"
    assert body["next_step"]["transition"]["code"] == "talk"
    assert body["next_step"]["dues"][0]["due_on"] == "2026-11-09"
    assert Applicant.objects.get(pk=body["id"]).organization_id == enterprise.branch_a.pk


def test_register_names_each_bad_field_in_chinese(
    login: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    client = login(secretary_a)
    errors = _errors(_post(client, URL, _application(enterprise.branch_a.pk,
                                                     birth_date="1999/07/09")))  # fmt: skip
    assert errors["birth_date"] == "出生日期格式不正确，应为YYYY-MM-DD"
    errors = _errors(_post(client, URL, _application(enterprise.branch_a.pk,
                                                     received_on="2026-10-01")))  # fmt: skip
    assert "收到申请的日期不能早于申请书日期" in errors["received_on"]
    assert errors["received_on"].startswith("党组织收到申请日期")
    assert not Applicant.objects.exists()


def test_register_in_another_branch_is_refused(
    login: Callable[[User], Client], secretary_b: User, enterprise: SimpleNamespace
) -> None:
    errors = _errors(_post(login(secretary_b), URL, _application(enterprise.branch_a.pk)))
    assert "无权在该党支部登记" in errors["organization_id"]
    assert not Applicant.objects.exists()


# --- recording a step ----------------------------------------------------------------------


def test_record_a_step(
    login: Callable[[User], Client], secretary_a: User, person_a: Applicant
) -> None:
    payload = {"code": "talk", "happened_on": "2023-03-20", "talker": "王书记"}
    response = _post(login(secretary_a), f"{URL}/{person_a.pk}/steps", payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["step"]["label"] == "谈话" and body["step"]["step_number"] == 2
    assert body["step"]["verdicts"][0]["outcome"] == "pass"
    assert body["applicant"]["next_step"]["transition"]["code"] == "designate_activist"


def test_a_missing_fact_names_the_field(
    login: Callable[[User], Client], secretary_a: User, person_a: Applicant
) -> None:
    payload = {"code": "talk", "happened_on": "2023-03-20"}
    errors = _errors(_post(login(secretary_a), f"{URL}/{person_a.pk}/steps", payload))
    assert errors == {"talker": "请填写谈话人"}
    assert not DevelopmentStep.objects.filter(code="talk").exists()


def test_a_bad_nested_tally_names_the_field(
    login: Callable[[User], Client], secretary_a: User, person_a: Applicant
) -> None:
    payload = {"code": "admission_meeting", "happened_on": "2024-09-10",
               "tally": {"present_ids": [1], "yes": -1}}  # fmt: skip
    errors = _errors(_post(login(secretary_a), f"{URL}/{person_a.pk}/steps", payload))
    assert errors["tally.yes"] == "赞成票数不能小于0"


def test_a_bad_notice_names_the_field(
    login: Callable[[User], Client], secretary_a: User, activist_a: Applicant
) -> None:
    payload = {"code": "designate_candidate", "happened_on": "2024-05-20",
               "notices": [{"place": "work", "starts_on": "2024-05-08", "ends_on": "5月14日"}]}  # fmt: skip
    errors = _errors(_post(login(secretary_a), f"{URL}/{activist_a.pk}/steps", payload))
    assert errors["notices.0.ends_on"] == "公示结束日期格式不正确，应为YYYY-MM-DD"


def test_a_refused_step_cites_the_article_and_writes_nothing(
    login: Callable[[User], Client], secretary_a: User, activist_a: Applicant
) -> None:
    """DEV-7: a candidate only after a full year as activist (2023-04-10 -> 2024-04-10)."""
    payload = {
        "code": "designate_candidate", "happened_on": "2024-04-09", "opinions": list(ALL_OPINIONS),
        "consented_on": "2024-03-25",
        "notices": [{"place": "work", "starts_on": "2024-03-26", "ends_on": "2024-04-02"}],
    }  # fmt: skip
    response = _post(login(secretary_a), f"{URL}/{activist_a.pk}/steps", payload)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == "该步骤不符合规定，未予记录"
    texts = [e["message"] for e in body["errors"] if e["field"] == "checks"]
    assert any(t.startswith("依据《中国共产党发展党员工作细则》第十三条") for t in texts), texts
    assert "DEV-" not in str(body)
    assert Applicant.objects.get(pk=activist_a.pk).stage == "activist"
    assert not DevelopmentStep.objects.filter(code="designate_candidate").exists()


def test_a_second_submit_of_the_same_step_is_409_and_adds_no_row(
    login: Callable[[User], Client], secretary_a: User, person_a: Applicant
) -> None:
    client = login(secretary_a)
    record(secretary_a, person_a, "talk", date(2023, 3, 20), talker="王书记")
    payload = {"code": "designate_activist", "happened_on": "2023-04-10",
               "recommendation": "members", "decided_by": "branch_assembly"}  # fmt: skip
    first = _post(client, f"{URL}/{person_a.pk}/steps", payload)
    assert first.status_code == 201, first.content
    second = _post(client, f"{URL}/{person_a.pk}/steps", payload)
    assert second.status_code == 409
    assert "入党积极分子不能进行“确定为入党积极分子”" in second.json()["detail"]
    assert (
        DevelopmentStep.objects.filter(applicant=person_a, code="designate_activist").count() == 1
    )


def test_a_committee_step_by_a_branch_secretary_is_403(
    login: Callable[[User], Client],
    secretary_a: User,
    committee_admin: User,
    enterprise: SimpleNamespace,
    activist_a: Applicant,
) -> None:
    """细则第二十二条: the training and the approval are the 党委's, not the branch's."""
    members = voters(enterprise.branch_a, 3)
    person = activist_a
    record(secretary_a, person, "file_activist", date(2023, 4, 12))
    record(secretary_a, person, "assign_contacts", date(2023, 4, 15),
           contact_ids=(members[0].pk, members[1].pk))  # fmt: skip
    record(secretary_a, person, "assess", date(2023, 10, 1))
    record(secretary_a, person, "assess", date(2024, 3, 20))
    from dangjian.development.inputs import NoticeInput

    record(secretary_a, person, "designate_candidate", date(2024, 5, 20),
           opinions=ALL_OPINIONS, consented_on=date(2024, 5, 6),
           notices=(NoticeInput("work", date(2024, 5, 8), date(2024, 5, 14)),))  # fmt: skip
    payload = {"code": "training", "happened_on": "2024-08-01", "training_days": 3}
    response = _post(login(secretary_a), f"{URL}/{person.pk}/steps", payload)
    assert response.status_code == 403
    assert "党委" in response.json()["detail"]
    accepted = _post(login(committee_admin), f"{URL}/{person.pk}/steps", payload)
    assert accepted.status_code == 201, accepted.content


def test_a_step_for_another_branchs_person_is_404(
    login: Callable[[User], Client], secretary_b: User, person_a: Applicant
) -> None:
    payload = {"code": "talk", "happened_on": "2023-03-20", "talker": "李书记"}
    assert _post(login(secretary_b), f"{URL}/{person_a.pk}/steps", payload).status_code == 404
    assert _post(login(secretary_b), f"{URL}/{person_a.pk}/check", payload).status_code == 404
    assert not DevelopmentStep.objects.filter(code="talk").exists()


def test_the_admission_tally_is_accepted_with_its_arithmetic(
    login: Callable[[User], Client],
    secretary_a: User,
    committee_admin: User,
    enterprise: SimpleNamespace,
    person_a: Applicant,
) -> None:
    """DEV-12/13 through the API: 5 entitled, 4 present, 3 yes + 1 written yes."""
    members = voters(enterprise.branch_a, 5)
    to_candidate(secretary_a, committee_admin, person_a, members)
    to_admission_meeting(secretary_a, committee_admin, person_a, members)
    ids = [m.pk for m in members]
    payload = {"code": "admission_meeting", "happened_on": "2024-09-10",
               "tally": {"present_ids": ids[:4], "yes": 3, "abstain": 1,
                         "written_yes_ids": ids[4:], "performance": "工作积极"}}  # fmt: skip
    response = _post(login(secretary_a), f"{URL}/{person_a.pk}/steps", payload)
    assert response.status_code == 201, response.content
    texts = " ".join(v["message"] for v in response.json()["step"]["verdicts"])
    assert "应到会有表决权党员5人，实到4人" in texts and "赞成3票+书面赞成1票=4票" in texts


def test_check_previews_the_verdicts_and_writes_nothing(
    login: Callable[[User], Client], secretary_a: User, activist_a: Applicant
) -> None:
    payload = {"code": "designate_candidate", "happened_on": "2024-04-09",
               "opinions": ["party_group"]}  # fmt: skip
    response = _post(login(secretary_a), f"{URL}/{activist_a.pk}/check", payload)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["blocked"] is True
    blocked = [v for v in body["verdicts"] if v["outcome"] == "block"]
    assert {v["rule_id"] for v in blocked} >= {"DEV-7", "DEV-20"}
    assert all("《中国共产党发展党员工作细则》" in v["text"] for v in blocked)
    assert not DevelopmentStep.objects.filter(code="designate_candidate").exists()


def test_an_unknown_step_code_names_the_field(
    login: Callable[[User], Client], secretary_a: User, person_a: Applicant
) -> None:
    payload = {"code": "apply", "happened_on": "2023-03-20"}
    errors = _errors(_post(login(secretary_a), f"{URL}/{person_a.pk}/steps", payload))
    assert errors["code"].startswith("步骤不是有效的选项")


def test_no_member_is_created_before_approval(
    login: Callable[[User], Client], secretary_a: User, person_a: Applicant
) -> None:
    before = Member.objects.count()
    payload = {"code": "talk", "happened_on": "2023-03-20", "talker": "王书记"}
    assert _post(login(secretary_a), f"{URL}/{person_a.pk}/steps", payload).status_code == 201
    assert Member.objects.count() == before


def test_a_system_administrator_sees_every_branchs_people(
    login: Callable[[User], Client], sysadmin: User, person_a: Applicant, person_b: Applicant
) -> None:
    """The whole scope, not only an applicant record of the administrator's own login."""
    assert _ids(login(sysadmin).get(URL)) == {person_a.pk, person_b.pk}
