"""The 选举结果报告 as Word and PDF: every round (the first vote and each run-off between the
candidates tied at the cut, with its tally and arithmetic) and the committee's division of posts."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from docx import Document
from pypdf import PdfReader

from dangjian.elections.documents import election_document
from dangjian.elections.models import Election
from dangjian.elections.services import (
    Ballot,
    election_approve,
    election_assign_posts,
    election_hold,
    election_report,
    election_request,
    election_runoff,
)
from dangjian.members.models import Member
from tests.factories import Role, make_member, make_user


@pytest.fixture
def reported(enterprise: SimpleNamespace, secretary_a: User) -> Election:
    """3 seats, 10 present: 选举人1, 选举人2 and 选举人3 tie at the cut for 2 seats twice (a
    ballot elects at most as many as the seats, so two passing can tie only for more than one
    seat), 选举人1 and 选举人3 win the second run-off; 选举人1 is chosen 书记, 选举人0 副书记, 选举人3 纪检委员."""
    higher = make_user("zongzhi_doc", Role.ORG_ADMIN, enterprise.general)
    voters: list[Member] = [make_member(enterprise.branch_a, name=f"选举人{i}") for i in range(10)]
    ids = [m.pk for m in voters]
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=3,
                                candidate_ids=ids[:4], requested_on=date(2026, 3, 1))  # fmt: skip
    election_approve(actor=higher, election_id=election.pk, approved_on=date(2026, 3, 2),
                     document="总支字〔2026〕8号")  # fmt: skip
    election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 3, 20),
                  present_ids=ids, ballots=[Ballot(ids[0], 9), Ballot(ids[1], 6, 4),
                                            Ballot(ids[2], 6, 4), Ballot(ids[3], 6, 3, 1)])  # fmt: skip
    election_runoff(actor=secretary_a, election_id=election.pk,
                    ballots=[Ballot(ids[1], 6), Ballot(ids[2], 6), Ballot(ids[3], 6)])  # fmt: skip
    election_runoff(actor=secretary_a, election_id=election.pk,
                    ballots=[Ballot(ids[1], 7, 3), Ballot(ids[2], 4, 6), Ballot(ids[3], 6, 4)])  # fmt: skip
    election_assign_posts(actor=secretary_a, election_id=election.pk,
                          posts=[(ids[3], "discipline"), (ids[0], "deputy_secretary"),
                                 (ids[1], "secretary")])  # fmt: skip
    return election_report(
        actor=secretary_a, election_id=election.pk, reported_on=date(2026, 3, 21)
    )


def _rows(table: object) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]  # type: ignore[attr-defined]


def test_the_word_report_holds_every_round_and_the_posts(reported: Election) -> None:
    document = Document(io.BytesIO(election_document(reported, "result", "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [_rows(t) for t in document.tables]
    first, runoff1, runoff2, posts = tables
    assert first[0] == ["候选人", "赞成", "反对", "弃权", "结果"]
    assert ["选举人0", "9", "0", "0", "当选"] in first
    assert ["选举人2", "6", "4", "0", "得票相等，进入另行选举"] in first
    assert ["选举人3", "6", "3", "1", "得票相等，进入另行选举"] in first
    assert [r[0] for r in runoff1[1:]] == ["选举人1", "选举人2", "选举人3"]  # the tied only
    assert all(r[4] == "得票相等，进入另行选举" for r in runoff1[1:])
    assert ["选举人3", "6", "4", "0", "当选"] in runoff2
    assert ["选举人2", "4", "6", "0", "未过半数"] in runoff2  # 4 of 10 is not more than half
    assert "第1次另行选举（在得票相等的候选人中选2名）" in text
    assert "第2次另行选举" in text and "当选须赞成票超过5票" in text
    assert "当选委员：选举人0、选举人1、选举人3" in text
    assert posts[1:] == [["选举人1", "书记"], ["选举人0", "副书记"], ["选举人3", "纪检委员"]]
    assert "选举人1任书记，选举人0任副书记，选举人3任纪检委员" in text
    assert "{%" not in text and "{{" not in text


def test_the_pdf_report_holds_every_round_and_the_posts(reported: Election) -> None:
    reader = PdfReader(io.BytesIO(election_document(reported, "result", "pdf")))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert "第1次另行选举" in text and "第2次另行选举" in text
    assert "得票相等，进入另行选举" in text and "当选须赞成票超过5票" in text
    assert "选举人1任书记，选举人0任副书记，选举人3任纪检委员" in text
    assert "当选委员：选举人0、选举人1、选举人3" in text


def test_a_report_without_runoffs_or_posts_leaves_those_parts_out(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    higher = make_user("zongzhi_doc", Role.ORG_ADMIN, enterprise.general)
    ids = [make_member(enterprise.branch_a, name=f"选举人{i}").pk for i in range(5)]
    election = election_request(actor=secretary_a, organization_id=enterprise.branch_a.pk, seats=1,
                                candidate_ids=ids[:2], requested_on=date(2026, 3, 1))  # fmt: skip
    election_approve(actor=higher, election_id=election.pk, approved_on=date(2026, 3, 2),
                     document="x号")  # fmt: skip
    held = election_hold(actor=secretary_a, election_id=election.pk, held_on=date(2026, 3, 20),
                         present_ids=ids, ballots=[Ballot(ids[0], 4), Ballot(ids[1], 1)])  # fmt: skip
    document = Document(io.BytesIO(election_document(held, "result", "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert len(document.tables) == 1 and "另行选举" not in text and "分工" not in text
    assert "当选委员：选举人0" in text
