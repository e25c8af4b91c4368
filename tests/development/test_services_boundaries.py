"""The boundaries of the rules, through the service where the facts come from the archive:
the person's birth date, the recorded dates, the register as of the meeting day, the sponsors'
sanctions, the holiday calendar, the number ranges and the annual plan."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from dangjian.core.errors import InvalidInput
from dangjian.development.inputs import NoticeInput, TallyInput
from dangjian.development.models import AnnualPlan, Applicant, DevelopmentStep
from dangjian.development.selectors import overridden_steps
from dangjian.development.services import StepRefused
from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.services import sanction_record
from dangjian.members.models import Member
from dangjian.rules.dates import add_months, add_years
from dangjian.rules.development import forms
from dangjian.rules.verdicts import Verdict
from tests.development.paths import (
    Move,
    People,
    act,
    do,
    move,
    path,
    people_of,
    register,
    stage_of,
    walk,
)
from tests.factories import make_member


@pytest.fixture
def p(enterprise: SimpleNamespace, secretary_a: User) -> People:
    return people_of(enterprise, secretary_a)


def _outcome(step: DevelopmentStep, rule_id: str) -> str:
    return str(next(v["outcome"] for v in step.verdicts if v["rule_id"] == rule_id))


def _until(p: People, before: str, activist_on: date = date(2022, 9, 1), **dates: date
           ) -> tuple[Applicant, list[Move]]:  # fmt: skip
    person = register(p, activist_on)
    moves = path(p, activist_on, **dates)
    walk(p, person, moves, before=before)
    return person, moves


# -- DEV-1: 18 on the day of the 支部大会 -------------------------------------------------


@pytest.mark.parametrize(("birth", "meeting_on", "admitted"), [
    (date(2005, 12, 16), date(2023, 12, 15), False),  # one day before the 18th birthday
    (date(2005, 12, 15), date(2023, 12, 15), True),  # on the birthday
    (date(2008, 2, 29), date(2026, 2, 28), False),  # born on a leap day: 18 on 03-01
    (date(2008, 2, 29), date(2026, 3, 1), True),
])  # fmt: skip
def test_age_on_the_day_of_the_meeting(p: People, birth: date, meeting_on: date,
                                       admitted: bool) -> None:  # fmt: skip
    activist_on = add_years(meeting_on, -1) - timedelta(days=120)
    person = register(p, activist_on, birth_date=birth)
    moves = path(p, activist_on, prereview_on=meeting_on - timedelta(days=10),
                 meeting_on=meeting_on)  # fmt: skip
    walk(p, person, moves, before="admission_meeting")
    if admitted:
        step = do(p, person, move(moves, "admission_meeting"))
        assert _outcome(step, "DEV-1") == "pass"
        return
    with pytest.raises(StepRefused, match=r"第一条.*未满18周岁"):
        do(p, person, move(moves, "admission_meeting"))


# -- DEV-7: one full year as activist --------------------------------------------------------


@pytest.mark.parametrize(("days_after_anniversary", "refused"), [(-1, True), (0, False)])
def test_one_year_as_activist(p: People, days_after_anniversary: int, refused: bool) -> None:
    on = add_years(date(2022, 9, 1), 1) + timedelta(days=days_after_anniversary)
    person, moves = _until(p, "designate_candidate", candidate_on=on)
    if refused:
        with pytest.raises(StepRefused, match=r"第十三条.*还差1天"):
            do(p, person, move(moves, "designate_candidate"))
        assert stage_of(person) == "activist"
    else:
        do(p, person, move(moves, "designate_candidate"))
        assert stage_of(person) == "candidate"


# -- DEV-20: five working days of notice (2025 National Day, 调休 days) -----------------------


@pytest.mark.parametrize(("starts_on", "ends_on", "refused"), [
    # Fri 09-26, Sun 09-28 (调休), Mon 09-29, Tue 09-30, holiday 10-01..08, Thu 10-09: 5th day
    (date(2025, 9, 26), date(2025, 10, 8), True),
    (date(2025, 9, 26), date(2025, 10, 9), False),
    # Thu 10-09, Fri 10-10, Sat 10-11 (调休), Mon 10-13, Tue 10-14: 5th day
    (date(2025, 10, 9), date(2025, 10, 13), True),
    (date(2025, 10, 9), date(2025, 10, 14), False),
])  # fmt: skip
def test_notice_of_five_working_days(p: People, starts_on: date, ends_on: date,
                                     refused: bool) -> None:  # fmt: skip
    person, moves = _until(p, "designate_candidate", date(2024, 9, 1),
                           candidate_on=date(2025, 10, 15))  # fmt: skip
    notice = (NoticeInput("work", starts_on, ends_on),)
    fields = {"notices": notice, "consented_on": date(2025, 9, 20)}
    if refused:
        with pytest.raises(StepRefused, match=r"第十三条.*工作日4天，不足5个工作日"):
            do(p, person, move(moves, "designate_candidate"), **fields)
    else:
        step = do(p, person, move(moves, "designate_candidate"), **fields)
        assert _outcome(step, "DEV-20") == "pass"


@pytest.mark.parametrize(("inflow_from", "refused"), [(date(2025, 9, 1), False),
                                                      (date(2025, 9, 10), True)])  # fmt: skip
def test_a_mobile_person_needs_two_overlapping_notices(p: People, inflow_from: date,
                                                       refused: bool) -> None:  # fmt: skip
    person = register(p, date(2024, 9, 1), is_mobile=True)
    moves = path(p, date(2024, 9, 1), candidate_on=date(2025, 9, 25))
    walk(p, person, moves, before="designate_candidate")
    only_one = (NoticeInput("outflow", date(2025, 9, 1), date(2025, 9, 8)),)
    with pytest.raises(StepRefused, match="流入地"):
        do(p, person, move(moves, "designate_candidate"), notices=only_one,
           consented_on=date(2025, 8, 20))  # fmt: skip
    both = (*only_one, NoticeInput("inflow", inflow_from, inflow_from + timedelta(days=8)))
    if refused:
        with pytest.raises(StepRefused, match="没有重叠"):
            do(p, person, move(moves, "designate_candidate"), notices=both,
               consented_on=date(2025, 8, 20))  # fmt: skip
    else:
        do(p, person, move(moves, "designate_candidate"), notices=both,
           consented_on=date(2025, 8, 20))  # fmt: skip
        assert stage_of(person) == "candidate"


# -- DEV-12/13/16, DISC-1: 23 entitled, counted from the register ----------------------------


def _branch_of_23(p: People) -> tuple[list[Member], Member, Member]:
    """18 more full members (23 in all), a probationary member and a member under 留党察看."""
    members = p.members + [make_member(p.branch, name=f"补充党员{i}") for i in range(18)]
    probationary = make_member(p.branch, name="预备党员甲", stage="probationary",
                               joined_on=date(2023, 3, 1), confirmed_on=None)  # fmt: skip
    watched = make_member(p.branch, name="留党察看乙")
    sanction_record(actor=None, member_id=watched.pk, data=SanctionInput(
        kind="probation_in_party", decided_on=date(2023, 6, 1), deciding_org="测试公司纪委",
        reason="违反廉洁纪律", term_months=24))  # fmt: skip
    return members, probationary, watched


@pytest.mark.parametrize(("present", "yes", "written_yes", "refused"), [
    (11, 11, 1, "实到11人"),  # 11 present of 23: no quorum, whatever the votes
    (12, 12, 0, ""),
    (12, 11, 0, "赞成11票"),  # 11 yes of 23 entitled: not more than half
    (12, 11, 1, ""),  # 11 + 1 written yes = 12: more than half
])  # fmt: skip
def test_twenty_three_entitled(p: People, present: int, yes: int, written_yes: int,
                               refused: str) -> None:  # fmt: skip
    person, moves = _until(p, "admission_meeting")
    members, probationary, watched = _branch_of_23(p)
    ids = [m.pk for m in members]
    tally = TallyInput(present_ids=tuple(ids[:present]), yes=yes,
                       written_yes_ids=tuple(ids[present:present + written_yes]),
                       performance="表现突出")  # fmt: skip
    meeting = move(moves, "admission_meeting")
    if refused:
        with pytest.raises(StepRefused, match=refused):
            do(p, person, meeting, tally=tally)
        return
    step = do(p, person, meeting, tally=tally)
    assert step.details["tally"]["entitled"] == 23
    assert probationary.pk not in step.details["entitled_ids"]
    assert watched.pk not in step.details["entitled_ids"]
    assert any("留党察看乙" in line for line in step.details["without_vote"])


@pytest.mark.parametrize("who", ["probationary", "watched"])
def test_a_member_without_a_vote_cannot_be_marked_present(p: People, who: str) -> None:
    person, moves = _until(p, "admission_meeting")
    members, probationary, watched = _branch_of_23(p)
    outsider = probationary if who == "probationary" else watched
    tally = TallyInput(present_ids=(*[m.pk for m in members[:12]], outsider.pk), yes=13,
                       performance="表现突出")  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        do(p, person, move(moves, "admission_meeting"), tally=tally)
    assert "present_ids" in refused.value.errors


# -- DEV-14: approval within 3 months, an override up to 6, never beyond ----------------------


def test_approval_in_the_third_and_sixth_month(p: People) -> None:
    person, moves = _until(p, "approve_admission")
    meeting_on = move(moves, "admission_meeting").on
    approve = move(moves, "approve_admission")
    late = add_months(meeting_on, 3) + timedelta(days=1)
    with pytest.raises(StepRefused, match="超过三个月") as refused:
        do(p, person, approve, on=late)
    assert refused.value.blocks[0].overridable
    beyond = add_months(meeting_on, 6) + timedelta(days=1)
    with pytest.raises(StepRefused, match="最长审批期限"):
        do(p, person, approve, on=beyond, overrides={"DEV-14": "党委换届，会议推迟"})
    step = do(p, person, approve, on=add_months(meeting_on, 6),
              overrides={"DEV-14": "党委换届，会议推迟"})  # fmt: skip
    assert step.overrides == {"DEV-14": "党委换届，会议推迟"}
    assert stage_of(person) == "probationary"


def test_approval_on_the_last_day_of_the_third_month(p: People) -> None:
    person, moves = _until(p, "approve_admission")
    on = add_months(move(moves, "admission_meeting").on, 3)
    step = do(p, person, move(moves, "approve_admission"), on=on)
    assert _outcome(step, "DEV-14") == "pass"


# -- DEV-8 and DISC-1: the sponsors' sanctions ----------------------------------------------


@pytest.mark.parametrize(("kind", "decided_on", "outcome"), [
    ("warning", date(2023, 1, 1), "warn"),  # 1 year: until 2024-01-01
    ("warning", date(2022, 10, 1), "pass"),
    ("serious_warning", date(2022, 6, 1), "warn"),  # 18 months: until 2023-12-01
    ("serious_warning", date(2022, 4, 1), "pass"),
    ("removal_from_post", date(2021, 12, 1), "warn"),  # 2 years: until 2023-12-01
    ("removal_from_post", date(2021, 10, 1), "pass"),
    ("probation_in_party", date(2023, 1, 1), "block"),
])  # fmt: skip
def test_a_sponsor_under_a_sanction(p: People, kind: str, decided_on: date, outcome: str) -> None:
    sponsor = p.members[0]
    sanction_record(actor=None, member_id=sponsor.pk, data=SanctionInput(
        kind=kind, decided_on=decided_on, deciding_org="测试公司纪委", reason="违反工作纪律",
        term_months=12 if kind == "probation_in_party" else None))  # fmt: skip
    person, moves = _until(p, "name_sponsors")
    sponsors = move(moves, "name_sponsors")  # 2023-11-05
    if outcome == "block":
        with pytest.raises(StepRefused, match=r"第十四条.*不能作入党介绍人"):
            do(p, person, sponsors)
        return
    step = do(p, person, sponsors)
    assert _outcome(step, "DEV-8") == outcome


# -- DEV-10: short training, overridden by the 党委 with a reason -------------------------------


def test_short_training_needs_the_committee_override_and_it_carries_on(p: People) -> None:
    person, moves = _until(p, "training")
    training = move(moves, "training")
    with pytest.raises(StepRefused, match="第十七条") as refused:
        do(p, person, training, training_days=1)
    assert refused.value.blocks[0].overridable
    with pytest.raises(InvalidInput, match="特殊情况"):
        do(p, person, training, training_days=1, overrides={"DEV-10": "  "})
    with pytest.raises(PermissionDenied, match="党委"):
        do(p, person, training, by="branch", training_days=1, overrides={"DEV-10": "因病缺课两天"})
    step = do(p, person, training, training_days=1, overrides={"DEV-10": "因抗洪抢险缺课两天"})
    assert list(overridden_steps(p.committee_admin, None)) == [step]
    assert list(overridden_steps(p.secretary, None)) == [step]
    # the secretary may not override at a branch step either
    review = move(moves, "committee_review")
    with pytest.raises(PermissionDenied, match="只有具有审批权限的党委"):
        do(p, person, review, overrides={"DEV-10": "补课"})
    later = do(p, person, review)  # the recorded override carries to the later checks
    # kept as a warning that says the 党委 let it through earlier, never as a failed check
    assert _outcome(later, "DEV-10") == "warn"
    assert any("破例通过" in v["text"] for v in later.verdicts if v["rule_id"] == "DEV-10")
    do(p, person, move(moves, "pre_review"))


# -- DEV-30: the 入党志愿书 number ------------------------------------------------------------


def test_form_number_outside_the_range_or_issued_twice(p: People) -> None:
    person, moves = _until(p, "application_form")
    form = move(moves, "application_form")
    with pytest.raises(StepRefused, match=r"第四十二条.*不在本组织的编号段"):
        do(p, person, form, form_number="0000100000")
    do(p, person, form, form_number="0000000777")
    other, other_moves = _until(p, "application_form")
    with pytest.raises(StepRefused, match="已发放过"):
        do(p, other, move(other_moves, "application_form"), form_number="0000000777")
    assert Applicant.objects.get(pk=other.pk).form_number is None


def test_form_number_taken_in_a_race_is_refused_by_the_constraint(
    p: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    person, moves = _until(p, "application_form")
    do(p, person, move(moves, "application_form"), form_number="0000000888")
    other, other_moves = _until(p, "application_form")
    # the other request read the issued numbers before the first wrote its own
    monkeypatch.setattr(forms, "check_form_number",
                        lambda number, numbers, issued: Verdict.passed("DEV-30", "ok"))  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        do(p, other, move(other_moves, "application_form"), form_number="0000000888")
    assert "form_number" in refused.value.errors
    assert not DevelopmentStep.objects.filter(applicant=other, code="application_form").exists()


# -- warnings kept with the step: DEV-2, DEV-21, DEV-22, DEV-28 -------------------------------


def test_late_talk_is_kept_with_a_warning(p: People) -> None:
    person = register(p)  # received 2022-07-05
    on_time = act(p, person, "talk", add_months(date(2022, 7, 5), 1), talker="王书记")
    assert _outcome(on_time, "DEV-2") == "pass"
    other = register(p)
    late = act(p, other, "talk", add_months(date(2022, 7, 5), 1) + timedelta(days=1),
               talker="王书记")  # fmt: skip
    assert _outcome(late, "DEV-2") == "warn"
    assert DevelopmentStep.objects.get(pk=late.pk).verdicts[0]["text"].startswith("依据")


def test_meeting_more_than_a_month_after_the_pre_review_is_warned(p: People) -> None:
    person, moves = _until(p, "admission_meeting")
    pre = move(moves, "pre_review").on
    step = do(
        p, person, move(moves, "admission_meeting"), on=add_months(pre, 1) + timedelta(days=1)
    )
    assert _outcome(step, "DEV-21") == "warn"


def test_late_oath_is_warned(p: People) -> None:
    person, moves = _until(p, "oath")
    approved = move(moves, "approve_admission").on
    step = do(p, person, move(moves, "oath"), on=add_months(approved, 1) + timedelta(days=1))
    assert _outcome(step, "DEV-22") == "warn"


def test_admission_beyond_the_annual_plan_is_warned(p: People) -> None:
    person, moves = _until(p, "approve_admission")
    approve = move(moves, "approve_admission")
    AnnualPlan.objects.create(organization=p.committee, year=approve.on.year, quota=0)
    step = do(p, person, approve)
    assert _outcome(step, "DEV-28") == "warn"
