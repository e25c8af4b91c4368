"""Every transition of ``rules.development.process.TRANSITIONS`` through the service, with the
stage it leaves the person in and what it changes in the member archive."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.development.history import history_of
from dangjian.development.inputs import StepInput
from dangjian.development.models import Applicant, DevelopmentDue, DevelopmentStep
from dangjian.development.services import (
    StepRefused,
    applicant_transfer_in,
    development_step_check,
)
from dangjian.members.models import Member
from dangjian.rules.dates import add_months, add_years
from tests.development.paths import (
    Move,
    People,
    act,
    do,
    full_tally,
    move,
    path,
    people_of,
    register,
    stage_of,
    walk,
)
from tests.development.support import applicant_input


@pytest.fixture
def p(enterprise: SimpleNamespace, secretary_a: User) -> People:
    return people_of(enterprise, secretary_a)


def test_the_whole_path_records_every_step_in_order(p: People) -> None:
    person = register(p)
    moves = path(p)
    walk(p, person, moves)
    person.refresh_from_db()
    assert person.stage == "full"
    codes = list(DevelopmentStep.objects.filter(applicant=person).order_by("happened_on", "id")
                 .values_list("step_number", flat=True))  # fmt: skip
    assert codes == [1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                     21, 22, 23, 24, 25]  # fmt: skip


def _last(person: Applicant) -> tuple[str, str, str]:
    step = DevelopmentStep.objects.filter(applicant=person).order_by("id").last()
    assert step is not None
    return (step.code, step.stage_before, step.stage_after)


def _member(person: Applicant) -> Member:
    return Member.objects.get(development__pk=person.pk)


ALL_MATERIALS = ("application", "activist_record", "political_review", "application_form",
                 "probation_record")  # fmt: skip


def test_not_designated_as_activist(p: People) -> None:
    person = register(p)
    walk(p, person, path(p), before="designate_activist")
    act(p, person, "not_designated", date(2022, 9, 1), note="群众意见较大")
    assert _last(person) == ("not_designated", "applicant", "not_designated")
    with pytest.raises(Conflict, match="未列为培养对象不能进行"):
        do(p, person, move(path(p), "designate_activist"))


def test_not_designated_as_candidate(p: People) -> None:
    person = register(p)
    walk(p, person, path(p), before="designate_candidate")
    act(p, person, "not_designated", date(2023, 10, 1))
    assert _last(person) == ("not_designated", "activist", "not_designated")


def test_meeting_rejects(p: People) -> None:
    person = register(p)
    moves = path(p)
    walk(p, person, moves, before="admission_meeting")
    act(p, person, "meeting_rejects", move(moves, "admission_meeting").on)
    assert _last(person) == ("meeting_rejects", "candidate", "not_admitted")
    assert Applicant.objects.get(pk=person.pk).member_id is None


def test_committee_rejects_after_the_meeting_only(p: People) -> None:
    person = register(p)
    moves = path(p)
    walk(p, person, moves, before="admission_meeting")
    with pytest.raises(InvalidInput, match="支部大会"):
        act(p, person, "committee_rejects", move(moves, "admission_meeting").on, by="committee")
    walk(
        p,
        person,
        moves[moves.index(move(moves, "admission_meeting")) :],
        before="approve_admission",
    )
    with pytest.raises(PermissionDenied):
        act(p, person, "committee_rejects", move(moves, "approve_admission").on)
    act(p, person, "committee_rejects", move(moves, "approve_admission").on, by="committee")
    assert _last(person) == ("committee_rejects", "candidate", "not_admitted")
    assert Applicant.objects.get(pk=person.pk).member_id is None


def _probationary(p: People, **dates: date) -> tuple[Applicant, list[Move]]:
    person = register(p)
    moves = path(p, **dates)
    walk(p, person, moves, through="approve_admission")
    person.refresh_from_db()
    return person, moves


def test_cancel_probation_ends_the_membership(p: People) -> None:
    person, _ = _probationary(p)
    with pytest.raises(InvalidInput, match="理由"):
        act(p, person, "cancel_probation", date(2024, 10, 1), by="committee")
    act(p, person, "cancel_probation", date(2024, 10, 1), by="committee", note="不履行党员义务")
    assert _last(person) == ("cancel_probation", "probationary", "probation_cancelled")
    member = _member(person)
    assert member.status == "left"


def test_postpone_confirmation_only_for_a_transferred_in_member(p: People) -> None:
    person, moves = _probationary(p)
    with pytest.raises(StepRefused, match="三十五条"):
        act(p, person, "postpone_confirmation", move(moves, "confirmation_meeting").on,
            postponed_until=move(moves, "confirmation_meeting").on + timedelta(days=60))  # fmt: skip


def test_not_recognise_a_full_member(p: People) -> None:
    person = register(p)
    walk(p, person, path(p))
    act(p, person, "not_recognise", date(2025, 3, 1), by="committee", note="违反规定吸收入党")
    assert _last(person) == ("not_recognise", "full", "not_recognised")
    assert _member(person).status == "left"


@pytest.mark.parametrize("code", ["withdraw", "transfer_out"])
@pytest.mark.parametrize("before", ["designate_activist", "designate_candidate",
                                    "admission_meeting"])  # fmt: skip
def test_withdraw_and_transfer_out_in_each_stage(p: People, code: str, before: str) -> None:
    person = register(p)
    moves = path(p)
    walk(p, person, moves, before=before)
    source = stage_of(person)
    on = move(moves, before).on
    if code == "transfer_out":
        with pytest.raises(StepRefused, match="第十二条"):
            act(p, person, code, on, materials=())
        act(p, person, code, on, materials=ALL_MATERIALS[:3])
    else:
        act(p, person, code, on, note="本人书面撤回")
    assert _last(person) == (code, source, "withdrawn" if code == "withdraw" else "transferred_out")
    assert not DevelopmentDue.objects.filter(applicant=person).exists()


def test_a_probationary_member_cannot_withdraw_but_is_transferred_with_the_record(
    p: People,
) -> None:
    person, _ = _probationary(p)
    with pytest.raises(Conflict):
        act(p, person, "withdraw", date(2024, 11, 1))
    with pytest.raises(StepRefused, match="第三十四条"):
        act(p, person, "transfer_out", date(2024, 11, 1), materials=ALL_MATERIALS[:3])
    act(p, person, "transfer_out", date(2024, 11, 1), materials=ALL_MATERIALS)
    assert _last(person) == ("transfer_out", "probationary", "transferred_out")
    assert _member(person).status == "transferred_out"


def _earlier(stage: str) -> dict[str, date | None]:
    earlier: dict[str, dict[str, date | None]] = {
        "activist": {"activist_on": date(2023, 5, 1)},
        "candidate": {"activist_on": date(2023, 5, 1), "candidate_on": date(2024, 6, 1)},
        "probationary": {
            "activist_on": date(2023, 5, 1),
            "meeting_on": date(2025, 3, 10),
            "approved_on": date(2025, 4, 1),
        },
    }
    return earlier[stage]  # fmt: skip


def _transfer_in(p: People, stage: str, materials: tuple[str, ...] = ALL_MATERIALS,
                 received_on: date = date(2025, 6, 1)) -> Applicant:  # fmt: skip
    return applicant_transfer_in(
        actor=p.secretary, data=applicant_input(p.branch), stage=stage,
        earlier=_earlier(stage), handed_over=materials, received_on=received_on,
    )  # fmt: skip


@pytest.mark.parametrize("stage", ["activist", "candidate", "probationary"])
def test_transfer_in_continues_in_the_stage_reached(p: People, stage: str) -> None:
    person = _transfer_in(p, stage)
    assert (person.stage, person.transferred_in) == (stage, True)
    assert _last(person) == ("transfer_in", "", stage)
    history = history_of(person)
    assert history.activist_on == date(2023, 5, 1)
    dues = {d.deadline for d in DevelopmentDue.objects.filter(applicant=person)}
    if stage == "probationary":
        member = _member(person)
        assert (member.stage, member.joined_on) == ("probationary", date(2025, 3, 10))
        assert "probation_end" in dues
    if stage == "activist":
        assert "assessment" in dues


def test_transfer_in_without_the_record_writes_nothing(p: People) -> None:
    with pytest.raises(StepRefused, match="第三十四条"):
        _transfer_in(p, "probationary", ALL_MATERIALS[:4])
    assert not Applicant.objects.exists()
    assert not Member.objects.filter(joined_on=date(2025, 3, 10)).exists()


def test_a_transferred_in_probationary_member_may_be_postponed_up_to_six_months(
    p: People,
) -> None:
    person = _transfer_in(p, "probationary")
    ends = date(2026, 3, 10)
    with pytest.raises(StepRefused, match="六个月"):
        act(p, person, "postpone_confirmation", ends, postponed_until=date(2026, 9, 11))
    act(p, person, "postpone_confirmation", ends, postponed_until=date(2026, 9, 10),
        note="转入后需进一步考察")  # fmt: skip
    due = DevelopmentDue.objects.get(applicant=person, deadline="probation_end")
    assert (due.due_on, due.hard_limit) == (date(2026, 9, 10), date(2026, 9, 10))
    act(p, person, "apply_full", date(2026, 2, 20))
    members = p.members
    act(p, person, "confirmation_meeting", date(2026, 9, 1), tally=full_tally(members))
    act(p, person, "confirm", date(2026, 9, 20), by="committee")
    member = _member(person)
    assert (member.stage, member.confirmed_on) == ("full", ends)


@pytest.mark.parametrize("approved", [False, True])
def test_not_recognise_a_transferred_in_member_needs_the_department(
    p: People, approved: bool
) -> None:
    person = _transfer_in(p, "probationary")
    for code in ("not_recognise", "not_recognise_transferred"):
        if not approved:
            with pytest.raises(StepRefused, match="第三十四条"):
                act(p, person, code, date(2025, 7, 1), by="committee")
    if approved:
        act(p, person, "not_recognise_transferred", date(2025, 7, 1), by="committee",
            department_approved=True, note="入党材料无法认定")  # fmt: skip
        assert _last(person) == ("not_recognise_transferred", "probationary", "not_recognised")
        assert _member(person).status == "left"
    else:
        assert stage_of(person) == "probationary"


def test_not_recognise_transferred_is_only_for_a_transferred_in_member(p: People) -> None:
    person, _ = _probationary(p)
    with pytest.raises(StepRefused, match="转入"):
        act(p, person, "not_recognise_transferred", date(2024, 12, 1), by="committee",
            department_approved=True)  # fmt: skip


@pytest.mark.parametrize(("months", "refused"), [(5, True), (6, False), (12, False), (13, True)])
def test_extension_of_months(p: People, months: int, refused: bool) -> None:
    person, moves = _probationary(p)
    end = move(moves, "confirmation_meeting").on
    walk(
        p,
        person,
        moves[moves.index(move(moves, "file_admission")) :],
        before="confirmation_meeting",
    )
    act(p, person, "confirmation_meeting", end, tally=full_tally(p.members), note="建议延长预备期")
    if refused:
        with pytest.raises(StepRefused, match="第三十一条"):
            act(p, person, "extend", end + timedelta(days=20), by="committee",
                extension_months=months)  # fmt: skip
        return
    act(p, person, "extend", end + timedelta(days=20), by="committee", extension_months=months)
    meeting_on = move(moves, "admission_meeting").on
    new_end = add_months(add_years(meeting_on, 1), months)
    due = DevelopmentDue.objects.get(applicant=person, deadline="probation_end")
    assert due.due_on == new_end
    with pytest.raises(StepRefused, match="只能延长一次"):
        act(p, person, "extend", end + timedelta(days=21), by="committee", extension_months=6)
    # confirmed on the end of the extension (DEV-19), after a second meeting
    with pytest.raises(InvalidInput, match="支部大会"):
        act(p, person, "confirm", end + timedelta(days=25), by="committee")
    act(p, person, "confirmation_meeting", new_end, tally=full_tally(p.members))
    act(p, person, "confirm", new_end + timedelta(days=30), by="committee")
    assert _member(person).confirmed_on == new_end


@pytest.mark.parametrize(("earlier", "field"), [
    ({"activist_on": date(2023, 5, 1), "meeting_on": date(2025, 3, 10),
      "approved_on": date(2025, 3, 1)}, "approved_on"),
    ({"activist_on": date(2025, 7, 1), "meeting_on": date(2025, 3, 10),
      "approved_on": date(2025, 4, 1)}, "meeting_on"),
    ({"activist_on": date(2023, 5, 1), "meeting_on": date(2025, 3, 10),
      "approved_on": date(2025, 6, 2)}, "approved_on"),
])  # fmt: skip
def test_transfer_in_dates_out_of_order_are_refused(
    p: People, earlier: dict[str, date | None], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        applicant_transfer_in(actor=p.secretary, data=applicant_input(p.branch),
                              stage="probationary", earlier=earlier, handed_over=ALL_MATERIALS,
                              received_on=date(2025, 6, 1))  # fmt: skip
    assert field in refused.value.errors
    assert not Applicant.objects.exists()


def test_placing_a_probationary_member_in_a_party_group(
    p: People, enterprise: SimpleNamespace
) -> None:
    person, moves = _probationary(p)
    do(p, person, move(moves, "file_admission"))
    do(p, person, move(moves, "place"), party_group_id=enterprise.group_a.pk)
    assert _member(person).party_group_id == enterprise.group_a.pk


def test_checking_a_step_writes_nothing(p: People) -> None:
    person, moves = _probationary(p)
    late = move(moves, "oath")
    verdicts = development_step_check(
        actor=p.secretary, applicant_id=person.pk, code="oath",
        data=StepInput(happened_on=late.on + timedelta(days=40)),
    )  # fmt: skip
    assert [v.outcome.value for v in verdicts] == ["warn"]
    assert not DevelopmentStep.objects.filter(applicant=person, code="oath").exists()
