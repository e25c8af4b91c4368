"""另选他人 and each vote's own ballot papers, at every door.

党章第十一条 gives voters the right to write in another person: a member who may be elected on
the meeting day, counted with yes votes only, elected by ELEC-3 like a candidate. A valid ballot
elects at most as many as the seats, so all yes votes of a vote are at most seats x valid
ballots. Each vote (the first and every run-off) has its own papers: returned <= issued <=
present, invalid <= returned, and its valid ballots are the base of its counts.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dangjian.core.errors import InvalidInput
from dangjian.elections.documents import election_document
from dangjian.elections.models import Election, ElectionStep
from dangjian.elections.rounds import ELECTED, TIED, election_rounds
from dangjian.elections.services import (
    Ballot,
    WriteIn,
    elected_ids,
    election_approve,
    election_assign_posts,
    election_hold,
    election_request,
    election_runoff,
)
from dangjian.members.models import Member
from dangjian.rules.elections import BallotSheets, Count, check_round, check_sheets
from tests.factories import Role, make_member, make_org, make_user

Login = Callable[[User], Client]
JSON = "application/json"


@pytest.fixture
def voters(enterprise: SimpleNamespace) -> list[Member]:
    return [make_member(enterprise.branch_a, name=f"选举人{i}") for i in range(10)]


@pytest.fixture
def approved(enterprise: SimpleNamespace, secretary_a: User, voters: list[Member]) -> Election:
    """3 seats, candidates 选举人0..3 (选举人4..9 may be written in), approved."""
    higher = make_user("zongzhi_writein", Role.ORG_ADMIN, enterprise.general)
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=3,
                                candidate_ids=[v.pk for v in voters[:4]],
                                requested_on=date(2026, 3, 1))  # fmt: skip
    return election_approve(actor=higher, election_id=election.pk, approved_on=date(2026, 3, 2),
                            document="总支字〔2026〕12号")  # fmt: skip


def _hold(secretary: User, election: Election, voters: list[Member], yes: list[int],
          write_ins: list[WriteIn], *, issued: int | None = None, returned: int | None = None,
          invalid: int = 0) -> Election:  # fmt: skip
    """The meeting with all 10 present: ``yes`` for 选举人0..3, ``write_ins``, the papers."""
    ballots = [Ballot(v.pk, n) for v, n in zip(voters[:4], yes, strict=True)]
    return election_hold(actor=secretary, election_id=election.pk, held_on=date(2026, 3, 20),
                         present_ids=[v.pk for v in voters], ballots=ballots, write_ins=write_ins,
                         ballots_issued=issued, ballots_returned=returned,
                         invalid_ballots=invalid)  # fmt: skip


# ---------------------------------------------------------------- the arithmetic


def test_all_yes_votes_are_at_most_seats_times_valid_ballots() -> None:
    """3 seats, 10 valid: 30 yes votes can be, 31 cannot; a write-in counts towards it."""
    sheets = BallotSheets(10, 10, 0)
    at = [Count("甲", 10), Count("乙", 10), Count("丙", 5), Count("丁", 5)]
    assert check_round(at, 10, sheets, 3) is None
    over = [*at, Count("戊", 1, write_in=True)]
    problem = check_round(over, 10, sheets, 3)
    assert problem is not None and problem.field == "write_ins" and "31张" in problem.text
    problem = check_round([*at[:3], Count("丁", 6)], 10, sheets, 3)
    assert problem is not None and problem.field == "ballots" and "3名×有效票10张" in problem.text


def test_a_write_in_has_at_most_the_valid_ballots() -> None:
    """10 returned, 1 invalid: a write-in may have 9 yes votes, not 10."""
    sheets = BallotSheets(10, 10, 1)
    assert check_round([Count("戊", 9, write_in=True)], 10, sheets, 3) is None
    problem = check_round([Count("戊", 10, write_in=True)], 10, sheets, 3)
    assert problem is not None and problem.field == "write_ins" and "有效票9张" in problem.text


def test_papers_returned_at_most_issued_at_most_present() -> None:
    assert check_sheets(BallotSheets(10, 10, 10), 10) is None
    assert check_sheets(BallotSheets(9, 8, 8), 10) is None
    issued = check_sheets(BallotSheets(11, 10, 0), 10)
    assert issued is not None and issued.field == "ballots_issued"
    returned = check_sheets(BallotSheets(9, 10, 0), 10)
    assert returned is not None and returned.field == "ballots_returned" and "无效" in returned.text
    invalid = check_sheets(BallotSheets(9, 8, 9), 10)
    assert invalid is not None and invalid.field == "invalid_ballots"


def test_counts_are_checked_against_the_valid_ballots_of_the_papers() -> None:
    """9 issued, 8 returned, 1 invalid: 7 valid; 7 cast for a candidate can be, 8 cannot."""
    sheets = BallotSheets(9, 8, 1)
    assert check_round([Count("甲", 5, 1, 1)], 10, sheets) is None
    problem = check_round([Count("甲", 5, 2, 1)], 10, sheets)
    assert problem is not None and "有效票至多7张" in problem.text


# ---------------------------------------------------------------- the services


def test_a_write_in_is_elected_like_a_candidate(
    approved: Election, secretary_a: User, voters: list[Member]
) -> None:
    """10 present; 选举人5 written in with 6 yes votes passes (more than 5) and beats 选举人2."""
    held = _hold(secretary_a, approved, voters, [9, 8, 3, 2], [WriteIn(voters[5].pk, 6)])
    assert held.step == ElectionStep.HELD
    assert held.elected == ["选举人0", "选举人1", "选举人5"]
    assert held.tally[-1] == {"member_id": voters[5].pk, "name": "选举人5", "person": "选举人5",
                              "yes": 6, "no": 0, "abstain": 0, "write_in": True}  # fmt: skip
    assert elected_ids(held) == [voters[0].pk, voters[1].pk, voters[5].pk]
    posted = election_assign_posts(actor=secretary_a, election_id=held.pk, posts=[
        (voters[5].pk, "secretary"), (voters[0].pk, "organization"), (voters[1].pk, "propaganda"),
    ])  # fmt: skip
    assert posted.posts[0] == {"member_id": voters[5].pk, "name": "选举人5", "title": "secretary"}
    first = election_rounds(held)[0]
    assert [(r.label, r.outcome) for r in first.rows][-1] == ("选举人5（另选他人）", ELECTED)


def test_a_write_in_tied_at_the_cut_goes_to_the_runoff(
    approved: Election, secretary_a: User, voters: list[Member]
) -> None:
    held = _hold(secretary_a, approved, voters, [9, 8, 6, 1], [WriteIn(voters[6].pk, 6)])
    assert held.runoff_pending == {"member_ids": [voters[2].pk, voters[6].pk], "seats": 1}
    done = election_runoff(actor=secretary_a, election_id=held.pk,
                           ballots=[Ballot(voters[2].pk, 3), Ballot(voters[6].pk, 7)])  # fmt: skip
    assert done.elected == ["选举人0", "选举人1", "选举人6"]
    first = election_rounds(done)[0]
    assert {r.name: r.outcome for r in first.rows}["选举人6"] == TIED


def test_a_write_in_elected_in_a_runoff_is_marked_so_at_every_door(
    approved: Election, secretary_a: User, voters: list[Member], login: Login
) -> None:
    """选举人6, written in and tied at the cut, wins the run-off: that round marks them
    另选他人 on the page, in the Excel result, in the Word report and in the API alike; a
    record stored before the run-off kept the mark reads the same."""
    held = _hold(secretary_a, approved, voters, [9, 8, 6, 1], [WriteIn(voters[6].pk, 6)])
    done = election_runoff(actor=secretary_a, election_id=held.pk,
                           ballots=[Ballot(voters[2].pk, 3), Ballot(voters[6].pk, 7)])  # fmt: skip
    assert done.runoffs[0]["tally"][1]["write_in"] is True
    label = "选举人6（另选他人）"
    client = login(secretary_a)
    page = client.get(reverse("elections:detail", args=[done.pk])).content.decode()
    runoff_table = page[page.index('class="data runoff"') :]
    assert f'<tr class="write-in"><td>{label}' in runoff_table
    book = load_workbook(io.BytesIO(
        client.get(reverse("elections:result_xlsx", args=[done.pk])).content))  # fmt: skip
    assert [label, 7, 0, 0, "是", ELECTED] in [
        list(r) for r in book["另行选举1"].iter_rows(values_only=True)
    ]
    document = Document(io.BytesIO(election_document(done, "result", "docx")))
    runoff_cells = [c.text for row in document.tables[1].rows for c in row.cells]
    assert label in runoff_cells
    api = client.get(f"/api/elections/{done.pk}").json()["rounds"][1]["rows"]
    assert [(r["name"], r["write_in"], r["outcome"]) for r in api][1] == ("选举人6", True, ELECTED)
    # A run-off stored without the mark: every door reads it from the first vote.
    Election.objects.filter(pk=done.pk).update(runoffs=[
        {**done.runoffs[0], "tally": [{k: v for k, v in t.items() if k != "write_in"}
                                      for t in done.runoffs[0]["tally"]]}])  # fmt: skip
    done.refresh_from_db()
    assert election_rounds(done)[1].rows[1].label == label


def test_a_shortfall_round_is_among_the_approved_candidates_only(
    approved: Election, secretary_a: User, voters: list[Member]
) -> None:
    """选举人2 and 选举人6 (written in) tie at the cut; neither passes in the run-off (5 of 10
    is not more than half): the further round for the empty seat is among the candidates on
    the approved list who did not pass, so 选举人2 alone, never the person written in."""
    held = _hold(secretary_a, approved, voters, [9, 8, 6, 1], [WriteIn(voters[6].pk, 6)])
    short = election_runoff(actor=secretary_a, election_id=held.pk,
                            ballots=[Ballot(voters[2].pk, 5), Ballot(voters[6].pk, 5)])  # fmt: skip
    assert short.step == ElectionStep.RUNOFF
    assert short.runoff_pending == {"member_ids": [voters[2].pk], "seats": 1, "shortfall": True}
    done = election_runoff(actor=secretary_a, election_id=held.pk,
                           ballots=[Ballot(voters[2].pk, 7)])  # fmt: skip
    assert done.step == ElectionStep.HELD and done.elected == ["选举人0", "选举人1", "选举人2"]


@pytest.mark.parametrize(
    ("who", "yes", "message"),
    [
        (1, 3, "已是候选人"),  # 选举人1 is on the list
        (99, 3, "有选举权和被选举权的正式党员"),  # not this branch's member
        (5, 0, "至少1张"),
        (5, 11, "多于有效票10张"),
    ],
)
def test_a_write_in_that_cannot_be_is_refused_naming_the_field(
    approved: Election, secretary_a: User, voters: list[Member], who: int, yes: int, message: str
) -> None:
    member_id = voters[who].pk if who < len(voters) else 10**9
    with pytest.raises(InvalidInput) as refused:
        _hold(secretary_a, approved, voters, [6, 6, 1, 1], [WriteIn(member_id, yes)])
    text = refused.value.errors["write_ins"][0]
    assert message in text and "《" in text and "ELEC" not in text
    approved.refresh_from_db()
    assert approved.step == ElectionStep.APPROVED and approved.tally == []  # nothing half-written


def test_refusals_and_the_tally_name_people_never_their_id(
    enterprise: SimpleNamespace, approved: Election, secretary_a: User, voters: list[Member]
) -> None:
    """Two 张伟 in the branch, one probationary: the refusal of the probationary one names
    him with his month of birth, never "#id"; someone not on the register is named by their
    place in the list; the full member written in under the shared name is labelled so."""
    full = make_member(enterprise.branch_a, name="张伟", birth_date=date(1980, 5, 2))
    probationary = make_member(enterprise.branch_a, name="张伟", birth_date=date(1998, 7, 9),
                               stage="probationary", joined_on=date(2026, 1, 10),
                               confirmed_on=None)  # fmt: skip
    stranger = make_member(make_org("五支部", "branch", enterprise.general), name="李四")
    for member, text in ((probationary, "另选他人张伟（1998年7月生）2026年3月20日为预备党员"),
                         (stranger, "所填第1位另选他人不是")):  # fmt: skip
        with pytest.raises(InvalidInput) as refused:
            _hold(secretary_a, approved, voters, [6, 6, 1, 1], [WriteIn(member.pk, 2)])
        message = refused.value.errors["write_ins"][0]
        assert text in message and "#" not in message and "第五条" in message
        assert "李四" not in message
    with pytest.raises(InvalidInput) as refused:
        election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=1,
                         candidate_ids=[voters[0].pk, probationary.pk],
                         requested_on=date(2026, 3, 1))  # fmt: skip
    message = refused.value.errors["candidate_ids"][0]
    assert "候选人张伟（1998年7月生）" in message and "#" not in message
    held = _hold(secretary_a, approved, [*voters[:9], full], [9, 8, 3, 2], [WriteIn(full.pk, 6)])
    assert held.elected == ["选举人0", "选举人1", "张伟"]  # nobody else on the tally is 张伟
    assert elected_ids(held) == [voters[0].pk, voters[1].pk, full.pk]


def test_two_people_sharing_a_name_are_told_apart_by_birth(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    from dangjian.elections.names import person_labels

    a = make_member(enterprise.branch_a, name="王芳", birth_date=date(1980, 5, 2))
    b = make_member(enterprise.branch_a, name="王芳", birth_date=date(1980, 5, 20))
    c = make_member(enterprise.branch_a, name="王芳", birth_date=date(1991, 1, 1))
    d = make_member(enterprise.branch_a, name="王芳", birth_date=date(1991, 1, 1))
    labels = person_labels([(a.pk, "王芳"), (b.pk, "王芳"), (c.pk, "王芳"), (d.pk, "王芳"),
                            (10**9, "赵六")])  # fmt: skip
    assert labels == {a.pk: "王芳（1980年5月2日生）", b.pk: "王芳（1980年5月20日生）",
                      c.pk: "王芳（1991年1月1日生，同名第1人）",
                      d.pk: "王芳（1991年1月1日生，同名第2人）", 10**9: "赵六"}  # fmt: skip
    assert person_labels([(a.pk, "王芳"), (c.pk, "王芳")]) == {
        a.pk: "王芳（1980年5月生）", c.pk: "王芳（1991年1月生）"}  # fmt: skip


def test_a_probationary_member_cannot_be_written_in(
    enterprise: SimpleNamespace, approved: Election, secretary_a: User, voters: list[Member]
) -> None:
    probationary = make_member(enterprise.branch_a, stage="probationary", joined_on=date(2026, 1, 10),
                               confirmed_on=None)  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        _hold(secretary_a, approved, voters, [6, 6, 1, 1], [WriteIn(probationary.pk, 2)])
    assert "第五条" in refused.value.errors["write_ins"][0]


def test_yes_votes_beyond_what_the_ballots_can_hold_are_refused(
    approved: Election, secretary_a: User, voters: list[Member]
) -> None:
    """3 seats, 10 present, 1 invalid: 27 yes votes at most."""
    with pytest.raises(InvalidInput) as refused:
        _hold(secretary_a, approved, voters, [9, 9, 5, 2], [WriteIn(voters[5].pk, 3)],
              invalid=1)  # fmt: skip
    assert "28张" in refused.value.errors["write_ins"][0]


def test_each_runoff_records_and_checks_its_own_papers(
    approved: Election, secretary_a: User, voters: list[Member]
) -> None:
    held = _hold(secretary_a, approved, voters, [9, 8, 6, 6], [], issued=10,
                 returned=10)  # fmt: skip
    assert (held.ballots_issued, held.ballots_returned) == (10, 10)
    tied = [voters[2].pk, voters[3].pk]
    for papers, field in (({"ballots_issued": 11}, "ballots_issued"),
                          ({"ballots_issued": 9, "ballots_returned": 10}, "ballots_returned"),
                          ({"ballots_issued": 9, "ballots_returned": 9, "invalid_ballots": 10},
                           "invalid_ballots")):  # fmt: skip
        with pytest.raises(InvalidInput) as refused:
            election_runoff(actor=secretary_a, election_id=held.pk,
                            ballots=[Ballot(tied[0], 3), Ballot(tied[1], 6)], **papers)  # fmt: skip
        assert field in refused.value.errors
    with pytest.raises(InvalidInput) as refused:  # 8 valid: 6 + 3 for one seat is too many
        election_runoff(actor=secretary_a, election_id=held.pk, ballots_issued=9,
                        ballots_returned=9, invalid_ballots=1,
                        ballots=[Ballot(tied[0], 3), Ballot(tied[1], 6)])  # fmt: skip
    assert "ballots" in refused.value.errors
    done = election_runoff(actor=secretary_a, election_id=held.pk, ballots_issued=9,
                           ballots_returned=9, invalid_ballots=1,
                           ballots=[Ballot(tied[0], 2), Ballot(tied[1], 6)])  # fmt: skip
    assert done.elected == ["选举人0", "选举人1", "选举人3"]
    first, runoff = election_rounds(done)
    assert (first.sheets.valid, runoff.sheets.issued, runoff.sheets.valid) == (10, 9, 8)
    assert done.runoffs[0]["issued"] == 9 and done.runoffs[0]["invalid"] == 1


# ---------------------------------------------------------------- the doors


@pytest.fixture
def with_write_in(approved: Election, secretary_a: User, voters: list[Member]) -> Election:
    """选举人5 written in and elected; a run-off between 选举人1 and 选举人2 with its own papers."""
    held = _hold(secretary_a, approved, voters, [9, 6, 6, 1], [WriteIn(voters[5].pk, 7)],
                 issued=10, returned=10)  # fmt: skip
    return election_runoff(actor=secretary_a, election_id=held.pk, ballots_issued=10,
                           ballots_returned=9, invalid_ballots=1,
                           ballots=[Ballot(voters[1].pk, 6), Ballot(voters[2].pk, 2)])  # fmt: skip


def test_the_page_the_excel_and_the_report_show_write_ins_and_papers(
    with_write_in: Election, secretary_a: User, login: Login
) -> None:
    client = login(secretary_a)
    page = client.get(reverse("elections:detail", args=[with_write_in.pk])).content.decode()
    assert "选举人5（另选他人）" in page
    assert "发出选票10张，收回9张，其中无效票1张、有效票8张" in page  # the run-off's own
    book = load_workbook(io.BytesIO(
        client.get(reverse("elections:result_xlsx", args=[with_write_in.pk])).content))  # fmt: skip
    names = [r[0] for r in book["计票"].iter_rows(values_only=True)]
    assert "选举人5（另选他人）" in names
    heads = [r[0] for r in book["另行选举1"].iter_rows(values_only=True) if r[0]]
    assert any("有效票8张" in str(h) for h in heads)
    document = Document(io.BytesIO(election_document(with_write_in, "result", "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "选举人5（另选他人）" in cells and "有效票8张" in text


def test_the_api_takes_write_ins_and_runoff_papers(
    approved: Election, secretary_a: User, voters: list[Member], login: Login
) -> None:
    client = login(secretary_a)
    base = {"held_on": "2026-03-20", "present_ids": [v.pk for v in voters],
            "ballots": [{"member_id": v.pk, "yes": n}
                        for v, n in zip(voters[:4], [9, 6, 6, 1], strict=True)]}  # fmt: skip
    stranger = client.post(f"/api/elections/{approved.pk}/hold",
                           base | {"write_ins": [{"member_id": voters[0].pk, "yes": 2}]},
                           content_type=JSON)  # fmt: skip
    assert stranger.status_code == 422
    assert "已是候选人" in stranger.json()["errors"][0]["message"]
    held = client.post(f"/api/elections/{approved.pk}/hold",
                       base | {"write_ins": [{"member_id": voters[5].pk, "yes": 7}]},
                       content_type=JSON)  # fmt: skip
    assert held.status_code == 200, held.content
    row = held.json()["rounds"][0]["rows"][-1]
    assert (row["name"], row["write_in"], row["outcome"]) == ("选举人5", True, ELECTED)
    bad = client.post(f"/api/elections/{approved.pk}/runoff",
                      {"ballots": [{"member_id": voters[1].pk, "yes": 6},
                                   {"member_id": voters[2].pk, "yes": 2}],
                       "ballots_issued": 9, "ballots_returned": 10}, content_type=JSON)  # fmt: skip
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "ballots_returned"
    done = client.post(f"/api/elections/{approved.pk}/runoff",
                       {"ballots": [{"member_id": voters[1].pk, "yes": 6},
                                    {"member_id": voters[2].pk, "yes": 2}],
                        "ballots_issued": 10, "ballots_returned": 9, "invalid_ballots": 1},
                       content_type=JSON)  # fmt: skip
    runoff = done.json()["rounds"][1]
    assert (runoff["ballots_issued"], runoff["valid_ballots"]) == (10, 8)


def test_the_meeting_page_takes_a_write_in(
    approved: Election, secretary_a: User, voters: list[Member], login: Login
) -> None:
    client = login(secretary_a)
    url = reverse("elections:hold", args=[approved.pk])
    form = client.get(url + "?held_on=2026-03-20").content.decode()
    assert 'name="write_in_1"' in form and "《中国共产党章程》第十一条" in form
    data: dict[str, str] = {"held_on": "2026-03-20"}
    data |= {f"present_{v.pk}": "on" for v in voters}
    for v, n in zip(voters[:4], [9, 8, 3, 2], strict=True):
        data |= {f"yes_{v.pk}": str(n)}
    nobody = client.post(url, data | {"write_in_yes_1": "6"})
    assert nobody.status_code == 400 and "请选择被选人" in nobody.content.decode()
    done = client.post(url, data | {"write_in_1": str(voters[5].pk), "write_in_yes_1": "6"})
    assert done.status_code == 302
    approved.refresh_from_db()
    assert approved.elected == ["选举人0", "选举人1", "选举人5"]


def test_a_refused_runoff_keeps_what_was_typed(
    approved: Election, secretary_a: User, voters: list[Member], login: Login
) -> None:
    _hold(secretary_a, approved, voters, [9, 8, 6, 6], [])
    url = reverse("elections:runoff", args=[approved.pk])
    refused = login(secretary_a).post(url, {f"yes_{voters[2].pk}": "6", f"yes_{voters[3].pk}": "5",
                                            "ballots_returned": "9"})  # fmt: skip
    page = refused.content.decode()
    assert refused.status_code == 400 and "有效票9张" in page  # 11 yes for one seat, 9 valid
    assert f'name="yes_{voters[3].pk}" aria-label="选举人3赞成票" value="5"' in page


def test_a_blank_tally_is_refused_not_counted_as_nothing(
    approved: Election, secretary_a: User, voters: list[Member], login: Login
) -> None:
    """A candidate's row left wholly blank is refused on its 赞成 field; 0 typed is 0."""
    client = login(secretary_a)
    url = reverse("elections:hold", args=[approved.pk])
    data: dict[str, str] = {"held_on": "2026-03-20"}
    data |= {f"present_{v.pk}": "on" for v in voters}
    blank = client.post(url, data)
    assert blank.status_code == 400 and "请填写选举人0的得票" in blank.content.decode()
    approved.refresh_from_db()
    assert approved.step == ElectionStep.APPROVED and not approved.tally
    typed = data | {f"yes_{v.pk}": str(n) for v, n in zip(voters[:4], [9, 8, 7, 0], strict=True)}
    assert client.post(url, typed).status_code == 302


def _remove_from_post(member: Member, on: date) -> None:
    from dangjian.discipline.inputs import SanctionInput
    from dangjian.discipline.services import sanction_record

    sanction_record(actor=None, member_id=member.pk, data=SanctionInput(
        kind="removal_from_post", decided_on=on, deciding_org="测试公司纪委",
        reason="违反工作纪律", document_number=f"测纪〔2026〕{member.pk}号"))  # fmt: skip


def test_a_member_removed_from_post_cannot_be_written_in_nor_stand(
    enterprise: SimpleNamespace, approved: Election, secretary_a: User, voters: list[Member]
) -> None:
    """撤销党内职务 forbids a party post during its period (DISC-1): not as a candidate, not as
    a write-in."""
    _remove_from_post(voters[5], date(2026, 3, 10))
    with pytest.raises(InvalidInput) as refused:
        _hold(secretary_a, approved, voters, [9, 8, 3, 2], [WriteIn(voters[5].pk, 6)])
    assert "选举人5" in refused.value.errors["write_ins"][0]
    assert "不得担任党内职务" in refused.value.errors["write_ins"][0]
    approved.refresh_from_db()
    assert approved.step == ElectionStep.APPROVED
    other = make_org("四支部", "branch", enterprise.general)
    standing = [make_member(other, name=f"四支部{i}") for i in range(3)]
    _remove_from_post(standing[0], date(2026, 3, 10))
    admin = make_user("zongzhi_four", Role.ORG_ADMIN, enterprise.general)
    with pytest.raises(InvalidInput) as candidate:
        election_request(actor=admin, organization_id=other.pk, seats=1,
                         candidate_ids=[m.pk for m in standing], requested_on=date(2026, 3, 15))  # fmt: skip
    assert "四支部0" in candidate.value.errors["candidate_ids"][0]
    assert "不能作为候选人" in candidate.value.errors["candidate_ids"][0]


def test_the_result_is_not_approved_for_someone_sanctioned_since(
    enterprise: SimpleNamespace, approved: Election, secretary_a: User, voters: list[Member]
) -> None:
    from dangjian.core.errors import Conflict
    from dangjian.elections.services import election_confirm, election_report

    held = _hold(secretary_a, approved, voters, [9, 8, 3, 2], [WriteIn(voters[5].pk, 6)])
    election_assign_posts(actor=secretary_a, election_id=held.pk, posts=[
        (voters[5].pk, "secretary"), (voters[0].pk, "organization"), (voters[1].pk, "propaganda"),
    ])  # fmt: skip
    election_report(actor=secretary_a, election_id=held.pk, reported_on=date(2026, 3, 21))
    _remove_from_post(voters[5], date(2026, 3, 25))
    higher = make_user("zongzhi_confirm", Role.ORG_ADMIN, enterprise.general)
    with pytest.raises(Conflict) as refused:
        election_confirm(
            actor=higher,
            election_id=held.pk,
            confirmed_on=date(2026, 3, 28),
            document="批复〔2026〕1号",
        )
    assert "选举人5" in str(refused.value) and "不能批准其任职" in str(refused.value)
    held.refresh_from_db()
    assert held.step == ElectionStep.REPORTED
