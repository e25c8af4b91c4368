"""The branch secretary's pages of 发展党员: pipeline, application, dossier, step forms, tally."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.development.due import development_due_items
from dangjian.development.models import Applicant, DevelopmentStep
from dangjian.documents.models import Attachment
from dangjian.members.models import Member
from dangjian.rules.idcard import mask_id_number
from tests.development.support import (
    applicant_input,
    applicant_register,
    record,
    to_admission_meeting,
    to_candidate,
    voters,
)
from tests.factories import Role, make_user
from tests.test_rule_ids_on_screens import RULE_ID, readable_text

Login = Callable[[User], Client]


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def person(enterprise: SimpleNamespace, secretary_a: User) -> Applicant:
    """An applicant of branch A, received 2023-03-03 (the talk long overdue)."""
    return applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))


def _step_url(person: Applicant, code: str) -> str:
    return reverse("development:step", args=[person.pk, code])


def _last(person: Applicant) -> str:
    return str(DevelopmentStep.objects.filter(applicant=person).order_by("-pk")[0].pk)


def test_pipeline_and_dossier_render_for_the_secretary(
    login: Login, secretary_a: User, person: Applicant
) -> None:
    client = login(secretary_a)
    body = client.get(reverse("development:pipeline")).content.decode()
    assert person.name in body and "登记入党申请" in body and "已超期" in body
    dossier = client.get(reverse("development:dossier", args=[person.pk])).content.decode()
    assert "递交入党申请书" in dossier and "谈话" in dossier
    # The ID number is masked as on the member pages.
    number = person.id_number or ""
    assert number and number not in dossier and mask_id_number(number) in dossier
    form = client.get(_step_url(person, "talk")).content.decode()
    assert 'name="talker"' in form and 'name="sponsor_ids"' not in form


def test_main_menu_links_the_pipeline(login: Login, secretary_a: User) -> None:
    body = login(secretary_a).get(reverse("home")).content.decode()
    assert reverse("development:pipeline") in body and "发展党员" in body


def test_another_branch_secretary_sees_nothing(
    login: Login, secretary_b: User, person: Applicant
) -> None:
    client = login(secretary_b)
    assert client.get(reverse("development:dossier", args=[person.pk])).status_code == 404
    assert client.get(_step_url(person, "talk")).status_code == 404
    posted = client.post(_step_url(person, "talk"),
                         {"happened_on": "2023-03-20", "talker": "某人", "last_step": _last(person)})  # fmt: skip
    assert posted.status_code == 404
    assert not DevelopmentStep.objects.filter(applicant=person, code="talk").exists()
    assert person.name not in client.get(reverse("development:pipeline")).content.decode()


def test_applicant_form_names_the_bad_field(
    login: Login, secretary_a: User, enterprise: SimpleNamespace
) -> None:
    client = login(secretary_a)
    data = applicant_input(enterprise.branch_a)
    response = client.post(reverse("development:applicant_new"), {
        "name": data.name, "gender": data.gender, "ethnicity": "汉族",
        "birth_date": data.birth_date.isoformat(), "id_number": "11010219980501123X",
        "education": data.education, "occupation": data.occupation,
        "organization_id": enterprise.branch_a.pk, "applied_on": "2023-03-01",
        "received_on": "2023-02-01",
    })  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-field="id_number"' in body
    assert 'data-field="received_on"' in body and "收到申请的日期不能早于申请书日期" in body
    assert not Applicant.objects.exists()


def test_applicant_form_registers_and_opens_the_dossier(
    login: Login, secretary_a: User, enterprise: SimpleNamespace
) -> None:
    client = login(secretary_a)
    data = applicant_input(enterprise.branch_a)
    response = client.post(reverse("development:applicant_new"), {
        "name": data.name, "gender": data.gender, "ethnicity": "汉族",
        "birth_date": data.birth_date.isoformat(), "id_number": data.id_number,
        "education": data.education, "occupation": data.occupation,
        "organization_id": enterprise.branch_a.pk, "applied_on": "2023-03-01",
        "received_on": "2023-03-03", "phone": data.phone,
    })  # fmt: skip
    applicant = Applicant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("development:dossier", args=[applicant.pk])


def test_step_form_names_the_missing_field(
    login: Login, secretary_a: User, person: Applicant
) -> None:
    client = login(secretary_a)
    response = client.post(_step_url(person, "talk"),
                           {"happened_on": "2023-03-20", "talker": "", "last_step": _last(person)})  # fmt: skip
    body = response.content.decode()
    assert 'data-field="talker"' in body and "谈话人不能为空" in body
    bad_date = client.post(_step_url(person, "talk"),
                           {"happened_on": "2023-13-40", "talker": "王", "last_step": _last(person)})  # fmt: skip
    assert 'data-field="happened_on"' in bad_date.content.decode()
    assert not DevelopmentStep.objects.filter(applicant=person, code="talk").exists()


def test_refused_step_shows_the_article_and_keeps_the_input(
    login: Login, secretary_a: User, enterprise: SimpleNamespace, person: Applicant
) -> None:
    """DEV-3: a branch without a committee (fewer than 7 full members) designates activists
    by its 支部大会; "支部委员会" is refused, and the page shows the article and keeps the input."""
    record(secretary_a, person, "talk", date(2023, 3, 4), talker="王书记")  # DEV-2 comes first
    client = login(secretary_a)
    response = client.post(_step_url(person, "designate_activist"), {
        "happened_on": "2023-03-04", "recommendation": "members",
        "decided_by": "branch_committee", "note": "保留的说明", "last_step": _last(person),
    })  # fmt: skip
    body = response.content.decode()
    assert 'id="refusal"' in body
    assert re.search(r"依据《[^》]+》第[一二三四五六七八九十]+条", body)
    assert "应由党支部党员大会研究决定" in body
    assert RULE_ID.findall(readable_text(body)) == []
    assert "保留的说明" in body
    assert Applicant.objects.get(pk=person.pk).stage == "applicant"


def test_double_submit_records_the_step_once(
    login: Login, secretary_a: User, person: Applicant
) -> None:
    client = login(secretary_a)
    form = {"happened_on": "2023-03-20", "talker": "王书记", "last_step": _last(person)}
    first = client.post(_step_url(person, "talk"), form)
    second = client.post(_step_url(person, "talk"), form)
    assert first.status_code == 302 and second.status_code == 302
    assert DevelopmentStep.objects.filter(applicant=person, code="talk").count() == 1
    page = client.get(second["Location"]).content.decode()
    assert "可能是重复提交" in page


def test_card_count_equals_the_rows_listed(
    login: Login, secretary_a: User, enterprise: SimpleNamespace
) -> None:
    """The home card and the list it opens read the same selector with the same filter."""
    overdue = [applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
               for _ in range(3)]  # fmt: skip
    today = timezone.localdate()
    recent = applicant_input(enterprise.branch_a, applied_on=today - timedelta(days=2),
                             received_on=today - timedelta(days=1))  # fmt: skip
    soon = applicant_register(actor=secretary_a, data=recent)
    client = login(secretary_a)
    items = {i.key: i for i in development_due_items(secretary_a, today)}
    for key, expected in (("development.overdue", overdue), ("development.soon", [soon])):
        item = items[key]
        body = client.get(item.url).content.decode()
        rows = re.findall(r'class="pipeline-row', body)
        assert item.count == len(rows) == len(expected)
        assert f'<span id="pipeline-count">{item.count}</span>' in body


def test_pipeline_filters_by_stage(
    login: Login, secretary_a: User, enterprise: SimpleNamespace, committee_admin: User
) -> None:
    members = voters(enterprise.branch_a, 3)
    applicant = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    candidate = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    to_candidate(secretary_a, committee_admin, candidate, members)
    body = login(secretary_a).get(reverse("development:pipeline"), {"stage": "candidate"})
    text = body.content.decode()
    assert candidate.name in text and applicant.name not in text


def test_tally_form_lists_voters_and_records_the_arithmetic(
    login: Login, secretary_a: User, enterprise: SimpleNamespace, committee_admin: User
) -> None:
    members = voters(enterprise.branch_a, 5)
    candidate = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    to_candidate(secretary_a, committee_admin, candidate, members)
    to_admission_meeting(secretary_a, committee_admin, candidate, members)
    client = login(secretary_a)
    url = _step_url(candidate, "admission_meeting")
    form = client.get(url, {"happened_on": "2024-09-10"}).content.decode()
    for m in members:
        assert f'name="att_{m.pk}"' in form
    post: dict[str, str] = {"happened_on": "2024-09-10", "yes": "4", "no": "0", "abstain": "0",
                            "performance": "工作积极，表现突出", "last_step": _last(candidate)}  # fmt: skip
    for m in members[:4]:
        post[f"att_{m.pk}"] = "present"
    post[f"att_{members[4].pk}"] = "absent"
    response = client.post(url, post)
    assert response.status_code == 302
    step = DevelopmentStep.objects.get(applicant=candidate, code="admission_meeting")
    assert step.details["tally"]["present"] == 4
    dossier = client.get(response["Location"]).content.decode()
    assert "应到有表决权党员5人" in dossier
    assert RULE_ID.findall(readable_text(dossier)) == []
    pipeline = client.get(reverse("development:pipeline")).content.decode()
    assert candidate.name in pipeline and RULE_ID.findall(readable_text(pipeline)) == []


def test_tally_short_of_the_vote_is_refused_with_the_arithmetic(
    login: Login, secretary_a: User, enterprise: SimpleNamespace, committee_admin: User
) -> None:
    members = voters(enterprise.branch_a, 5)
    candidate = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    to_candidate(secretary_a, committee_admin, candidate, members)
    to_admission_meeting(secretary_a, committee_admin, candidate, members)
    post: dict[str, str] = {"happened_on": "2024-09-10", "yes": "2", "no": "1", "abstain": "0",
                            "performance": "表现一般", "last_step": _last(candidate)}  # fmt: skip
    for m in members[:3]:
        post[f"att_{m.pk}"] = "present"
    body = login(secretary_a).post(_step_url(candidate, "admission_meeting"), post)
    text = body.content.decode()
    assert 'id="refusal"' in text and "第二十条" in text
    assert 'value="表现一般"' in text or "表现一般</textarea>" in text
    assert not DevelopmentStep.objects.filter(code="admission_meeting").exists()


def test_secretary_cannot_open_a_committee_step(
    login: Login, secretary_a: User, enterprise: SimpleNamespace, committee_admin: User
) -> None:
    members = voters(enterprise.branch_a, 3)
    candidate = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    to_candidate(secretary_a, committee_admin, candidate, members)
    client = login(secretary_a)
    assert client.get(_step_url(candidate, "training")).status_code == 403
    assert login(committee_admin).get(_step_url(candidate, "training")).status_code == 200


def test_attachment_uploads_to_a_step_and_downloads(
    login: Login, secretary_a: User, person: Applicant, secretary_b: User
) -> None:
    step = DevelopmentStep.objects.get(applicant=person, code="apply")
    client = login(secretary_a)
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
           b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
           b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")  # fmt: skip
    url = reverse("development:step_attachment", args=[person.pk, step.pk])
    response = client.post(url, {"file": SimpleUploadedFile("申请书.png", png, "image/png")})
    assert response.status_code == 302
    attachment = Attachment.objects.get(owner_kind="development_step", owner_id=step.pk)
    dossier = client.get(reverse("development:dossier", args=[person.pk])).content.decode()
    assert reverse("documents:attachment", args=[attachment.pk]) in dossier
    other = login(secretary_b)
    assert other.get(reverse("documents:attachment", args=[attachment.pk])).status_code == 404
    assert other.post(url, {"file": SimpleUploadedFile("x.png", png)}).status_code == 404


def test_member_link_after_admission(
    login: Login, secretary_a: User, enterprise: SimpleNamespace, committee_admin: User
) -> None:
    from tests.development.support import tally_of

    members = voters(enterprise.branch_a, 5)
    candidate = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    to_candidate(secretary_a, committee_admin, candidate, members)
    to_admission_meeting(secretary_a, committee_admin, candidate, members)
    record(secretary_a, candidate, "admission_meeting", date(2024, 9, 10),
           tally=tally_of(members, present=4, yes=4))  # fmt: skip
    record(committee_admin, candidate, "committee_talk", date(2024, 9, 20), talker="组织员李")
    record(committee_admin, candidate, "approve_admission", date(2024, 10, 8))
    candidate.refresh_from_db()
    assert candidate.member_id is not None
    member = Member.objects.get(pk=candidate.member_id)
    body = login(secretary_a).get(reverse("development:dossier", args=[candidate.pk]))
    assert reverse("members:detail", args=[member.pk]) in body.content.decode()


def test_committee_overrides_a_block_with_a_reason(
    login: Login, secretary_a: User, enterprise: SimpleNamespace, committee_admin: User
) -> None:
    """DEV-10: training short of 3 days is refused; the 党委 may let it through with a reason,
    which the dossier then shows."""
    members = voters(enterprise.branch_a, 3)
    candidate = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    to_candidate(secretary_a, committee_admin, candidate, members)
    client = login(committee_admin)
    url = _step_url(candidate, "training")
    form = {"happened_on": "2024-08-01", "training_days": "1", "last_step": _last(candidate)}
    refused = client.post(url, form).content.decode()
    assert 'id="overrides"' in refused and 'name="override_DEV-10"' in refused
    assert "第十七条" in refused
    recorded = client.post(url, {**form, "override_DEV-10": "因抗洪抢险任务未能参加全部培训"})
    assert recorded.status_code == 302
    step = DevelopmentStep.objects.get(applicant=candidate, code="training")
    assert step.overrides == {"DEV-10": "因抗洪抢险任务未能参加全部培训"}
    dossier = client.get(reverse("development:dossier", args=[candidate.pk])).content.decode()
    assert "破例通过" in dossier and "因抗洪抢险任务未能参加全部培训" in dossier


def test_preview_check_writes_nothing(login: Login, secretary_a: User, person: Applicant) -> None:
    client = login(secretary_a)
    body = client.post(_step_url(person, "talk"), {
        "happened_on": "2023-03-20", "talker": "王书记", "check": "1", "last_step": _last(person),
    }).content.decode()  # fmt: skip
    assert 'id="verdicts"' in body and "符合" in body
    assert not DevelopmentStep.objects.filter(applicant=person, code="talk").exists()


def test_meeting_date_reloads_the_voters(
    login: Login, secretary_a: User, enterprise: SimpleNamespace, committee_admin: User
) -> None:
    """The register as of the chosen day: a member who joined later has no place in it."""
    from tests.factories import make_member

    members = voters(enterprise.branch_a, 5)
    candidate = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    to_candidate(secretary_a, committee_admin, candidate, members)
    to_admission_meeting(secretary_a, committee_admin, candidate, members)
    late = make_member(enterprise.branch_a, name="新党员", joined_on=date(2025, 1, 1),
                       confirmed_on=date(2026, 1, 1))  # fmt: skip
    client = login(secretary_a)
    url = _step_url(candidate, "admission_meeting")
    before = client.get(url, {"happened_on": "2024-09-10"}, HTTP_HX_REQUEST="true")
    assert f'name="att_{late.pk}"' not in before.content.decode()
    assert 'id="tally"' in before.content.decode()
    after = client.get(url, {"happened_on": timezone.localdate().isoformat()})
    assert f'name="att_{late.pk}"' in after.content.decode()


def test_mobile_person_is_asked_for_both_places(
    login: Login, secretary_a: User, enterprise: SimpleNamespace, committee_admin: User
) -> None:
    """DEV-20: a mobile person's candidate form asks for the notice at both places (a second
    one half filled is named); a settled person's form does not ask."""
    mobile = applicant_register(
        actor=secretary_a, data=applicant_input(enterprise.branch_a, is_mobile=True)
    )
    settled = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    client = login(secretary_a)
    for person, asked in ((mobile, True), (settled, False)):
        record(secretary_a, person, "talk", date(2023, 3, 20), talker="王书记")
        record(secretary_a, person, "designate_activist", date(2023, 4, 10),
               recommendation="members", decided_by="branch_assembly")  # fmt: skip
        body = client.get(_step_url(person, "designate_candidate")).content.decode()
        assert ('name="notice2_place"' in body) is asked
        assert 'name="notice_place"' in body and 'name="opinions"' in body
    to_candidate_mobile = client.post(_step_url(mobile, "designate_candidate"), {
        "happened_on": "2024-05-20", "opinions": ["party_group", "contact_persons", "members",
        "public"], "consented_on": "2024-05-06", "notice_place": "outflow",
        "notice_starts_on": "2024-05-08", "notice_ends_on": "2024-05-14",
        "notice2_place": "inflow", "notice2_starts_on": "2024-05-08", "last_step": _last(mobile),
    })  # fmt: skip
    text = to_candidate_mobile.content.decode()
    assert 'data-field="notice2_place"' in text and "第二处公示须填写地点、开始和结束日期" in text
    assert not DevelopmentStep.objects.filter(applicant=mobile, code="designate_candidate").exists()


def test_double_submit_of_a_stage_change_records_it_once(
    login: Login, secretary_a: User, person: Applicant
) -> None:
    """The second submit finds the step no longer applies (the person moved on)."""
    client = login(secretary_a)
    record(secretary_a, person, "talk", date(2023, 3, 20), talker="王书记")
    form = {"happened_on": "2023-04-10", "recommendation": "members",
            "decided_by": "branch_assembly", "last_step": _last(person)}  # fmt: skip
    first = client.post(_step_url(person, "designate_activist"), form)
    second = client.post(_step_url(person, "designate_activist"), form)
    assert first.status_code == second.status_code == 302
    assert DevelopmentStep.objects.filter(applicant=person, code="designate_activist").count() == 1
    assert "该步骤已不适用于此人当前的阶段" in client.get(second["Location"]).content.decode()


def test_pipeline_refuses_an_organisation_outside_the_scope(
    login: Login, secretary_b: User, enterprise: SimpleNamespace, person: Applicant
) -> None:
    client = login(secretary_b)
    response = client.get(reverse("development:pipeline"), {"org": enterprise.branch_a.pk})
    assert response.status_code == 404
    own = client.get(reverse("development:pipeline"), {"org": enterprise.branch_b.pk})
    assert own.status_code == 200 and person.name not in own.content.decode()


@pytest.mark.parametrize("stage", ["candidate", "probationary"])
def test_garbage_in_every_step_form_is_named_not_a_500(
    login: Login, secretary_a: User, enterprise: SimpleNamespace, committee_admin: User,
    stage: str,
) -> None:  # fmt: skip
    """Every field of every step form of the stage, filled with nonsense: each answer names
    fields or refuses, nothing is written, nothing crashes."""
    from dangjian.development.forms import STEP_FIELDS
    from dangjian.rules.development.process import Stage, transitions_from
    from tests.development.support import tally_of

    members = voters(enterprise.branch_a, 5)
    person = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    to_candidate(secretary_a, committee_admin, person, members)
    if stage == "probationary":
        to_admission_meeting(secretary_a, committee_admin, person, members)
        record(secretary_a, person, "admission_meeting", date(2024, 9, 10),
               tally=tally_of(members, present=4, yes=4))  # fmt: skip
        record(committee_admin, person, "committee_talk", date(2024, 9, 20), talker="组织员李")
        record(committee_admin, person, "approve_admission", date(2024, 10, 8))
    client = login(committee_admin)
    before = DevelopmentStep.objects.count()
    names = {n for fields in STEP_FIELDS.values() for n in fields}
    for t in transitions_from(Stage(stage)):
        garbage: dict[str, object] = {n: "\x00<b>x" for n in names}
        garbage.update(happened_on="2024-02-30", training_days="-1", extension_months="99999",
                       yes="abc", no="-5", abstain="1e9", last_step=_last(person),
                       contact_ids=["999999", "x"], sponsor_ids="0", opinions="nobody",
                       override_FOO="理由", **{f"att_{members[0].pk}": "nonsense"})  # fmt: skip
        response = client.post(_step_url(person, t.code), garbage)
        assert response.status_code == 200, t.code
        assert "data-field=" in response.content.decode(), t.code
        # A real date and a control character in the note: still refused, nothing written.
        garbage["happened_on"] = "2024-11-01"
        response = client.post(_step_url(person, t.code), {**garbage, "note": "\x00"})
        assert response.status_code == 200, t.code
    assert DevelopmentStep.objects.count() == before


def test_the_dossier_links_the_documents_of_the_steps_taken(
    login: Login, secretary_a: User, committee_admin: User, enterprise: SimpleNamespace,
    person: Applicant,
) -> None:  # fmt: skip
    """The 全程纪实表 always; the 公示 once designated; the resolution once the meeting voted."""
    client = login(secretary_a)
    url = reverse("development:dossier", args=[person.pk])
    body = client.get(url).content.decode()
    assert reverse("development:record_pdf", args=[person.pk]) in body
    assert reverse("development:notice_pdf", args=[person.pk]) not in body
    to_candidate(secretary_a, committee_admin, person, voters(enterprise.branch_a, 3))
    body = client.get(url).content.decode()
    assert reverse("development:notice_pdf", args=[person.pk]) in body
    assert reverse("development:resolution", args=[person.pk]) not in body
    assert client.get(reverse("development:record_pdf", args=[person.pk])).content[:4] == b"%PDF"
