"""ELEC-3 at every door: each round of the tally shows its own outcome. Two candidates tied at
the cut are 得票相等，进入另行选举 in the first round, and the one who wins the run-off is 当选
only in the run-off, on the page, in the Excel result, in the API and in the Word report alike."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dangjian.elections.documents import election_document
from dangjian.elections.models import Election
from dangjian.elections.rounds import ELECTED, NOT_PASSED, TIED, election_rounds
from dangjian.elections.services import (
    Ballot,
    election_approve,
    election_hold,
    election_request,
    election_runoff,
)
from tests.factories import Role, make_member, make_user

Login = Callable[[User], Client]


@pytest.fixture
def run_off_won(enterprise: SimpleNamespace, secretary_a: User) -> Election:
    """3 seats, 10 present: 选举人0 and 选举人1 pass clearly, 选举人2 and 选举人3 tie at the cut
    with 6 each, and 选举人3 wins the run-off 6 to 4."""
    higher = make_user("zongzhi_rounds", Role.ORG_ADMIN, enterprise.general)
    ids = [make_member(enterprise.branch_a, name=f"选举人{i}").pk for i in range(10)]
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=3,
                                candidate_ids=ids[:4], requested_on=date(2026, 3, 1))  # fmt: skip
    election_approve(actor=higher, election_id=election.pk, approved_on=date(2026, 3, 2),
                     document="总支字〔2026〕8号")  # fmt: skip
    election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 3, 20),
                  present_ids=ids, ballots=[Ballot(ids[0], 9), Ballot(ids[1], 8),
                                            Ballot(ids[2], 6, 4), Ballot(ids[3], 6, 3, 1)])  # fmt: skip
    return election_runoff(actor=secretary_a, election_id=election.pk,
                           ballots=[Ballot(ids[2], 4, 6), Ballot(ids[3], 6, 4)])  # fmt: skip


def _outcomes(rows: list[tuple[str, str]]) -> dict[str, str]:
    return dict(rows)


def test_each_round_has_its_own_outcome(run_off_won: Election) -> None:
    """ELEC-3: the tie at the cut goes to a new vote; the winner is elected in that vote."""
    first, runoff = election_rounds(run_off_won)
    assert {r.name: r.outcome for r in first.rows} == {
        "选举人0": ELECTED, "选举人1": ELECTED, "选举人2": TIED, "选举人3": TIED,
    }  # fmt: skip
    assert {r.name: r.outcome for r in runoff.rows} == {"选举人2": NOT_PASSED, "选举人3": ELECTED}
    assert (first.label, runoff.label, runoff.seats) == ("第一轮投票", "第1次另行选举", 1)
    assert run_off_won.elected == ["选举人0", "选举人1", "选举人3"]


def _table(page: str, marker: str) -> dict[str, str]:
    """Candidate -> outcome of the first table after ``marker`` on the page."""
    body = page.split(marker, 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>(选举人\d)</td>.*?data-outcome=\"([^\"]+)\"", body)
    return _outcomes(rows)


def test_the_page_marks_the_tied_for_the_runoff_in_the_first_round(
    run_off_won: Election, secretary_a: User, login: Login
) -> None:
    page = login(secretary_a).get(reverse("elections:detail", args=[run_off_won.pk]))
    text = page.content.decode()
    first = _table(text, 'id="tally"')
    assert first["选举人2"] == TIED and first["选举人3"] == TIED
    assert first["选举人0"] == ELECTED
    runoff = _table(text, 'class="data runoff"')
    assert runoff == {"选举人2": NOT_PASSED, "选举人3": ELECTED}


def test_the_excel_result_marks_each_round_as_the_report_does(
    run_off_won: Election, secretary_a: User, login: Login
) -> None:
    response = login(secretary_a).get(reverse("elections:result_xlsx", args=[run_off_won.pk]))
    book = load_workbook(io.BytesIO(response.content))
    tally = {r[0]: r[5] for r in book["计票"].iter_rows(values_only=True) if r[0] in _NAMES}
    runoff = {r[0]: r[5] for r in book["另行选举1"].iter_rows(values_only=True) if r[0] in _NAMES}
    assert tally["选举人3"] == TIED and runoff["选举人3"] == ELECTED
    document = Document(io.BytesIO(election_document(run_off_won, "result", "docx")))
    word_first = {row.cells[0].text: row.cells[4].text for row in document.tables[0].rows[1:]}
    assert word_first == tally  # the same outcome in the report to the higher organisation


_NAMES = {f"选举人{i}" for i in range(4)}


def test_the_api_gives_each_round_with_its_outcome(
    run_off_won: Election, secretary_a: User, login: Login
) -> None:
    body = login(secretary_a).get(f"/api/elections/{run_off_won.pk}").json()
    first, runoff = body["rounds"]
    assert {r["name"]: r["outcome"] for r in first["rows"]}["选举人3"] == TIED
    assert {r["name"]: r["outcome"] for r in runoff["rows"]}["选举人3"] == ELECTED
    assert runoff["label"] == "第1次另行选举" and runoff["seats"] == 1
