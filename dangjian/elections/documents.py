"""The documents of 换届选举 as Word and PDF, from replaceable templates (``doc_templates``).

``request``: 关于召开党员大会进行换届选举的请示 (seats, candidates, ELEC-2); ``result``: 关于换届选举
结果的报告 (attendance with ELEC-1, every round of the tally with its arithmetic: the first vote
and each run-off between the candidates tied at the cut, ELEC-3; then the committee's own
election of 书记 and 副书记 and the division of posts). The names each template uses are listed in
``doc_templates/README.md``.
"""

from __future__ import annotations

from typing import Any, Literal

from dangjian.documents.pdf import render_pdf
from dangjian.documents.word import render_docx
from dangjian.elections.models import CommitteeTerm, Election, ElectionKind
from dangjian.elections.rounds import first_sheets, round_rows, runoff_sheets, written_in
from dangjian.elections.services import vacancy
from dangjian.members.choices import PositionTitle
from dangjian.orgs.models import Organization
from dangjian.rules.dates import format_cn_date
from dangjian.rules.elections import candidates_needed, check_election_quorum

DocKind = Literal["request", "result"]
DOC_KINDS: dict[str, str] = {"request": "换届选举请示", "result": "选举结果报告"}


def _parent_name(org: Organization) -> str:
    parent = Organization.objects.get_parent(org)
    return f"中共{parent.name}" if parent is not None else "上级党组织"


def request_context(election: Election) -> dict[str, Any]:
    """The 请示's names: organisation, higher organisation, current term, seats, candidates;
    for a 补选 (``by_election``) the term's committee size (``term_seats``) and the seats
    vacant on the request day (``vacancies``)."""
    org = election.organization
    term = CommitteeTerm.objects.filter(organization=org, closed_on__isnull=True).first()
    current = ""
    if term is not None:
        current = (f"{org.name}第{term.number}届委员会于{format_cn_date(term.elected_on)}选举产生，"
                   f"任期至{format_cn_date(term.ends_on)}。")  # fmt: skip
    by_election = election.kind == ElectionKind.BY_ELECTION
    found = vacancy(org, election.requested_on) if by_election else None
    return {
        "by_election": by_election,
        "term_seats": found.size if found is not None else "",
        "vacancies": found.vacancies if found is not None else "",
        "organization_name": org.name,
        "parent_name": _parent_name(org),
        "current_term": current,
        "seats": election.seats,
        "candidate_count": len(election.candidates),
        "candidates_needed": candidates_needed(election.seats),
        "candidates": [{"name": c["name"]} for c in election.candidates],
        "requested_on": format_cn_date(election.requested_on),
    }


def _round_rows(tally: list[dict[str, Any]], seats: int, present: int,
                written: frozenset[int] = frozenset()) -> list[dict[str, Any]]:  # fmt: skip
    """One round's rows with each candidate's outcome in that round (``rounds.round_rows``):
    当选, 得票相等，进入另行选举 (tied at the cut), 未过半数 or 未当选; a person written in
    (另选他人, ``written``: in any round) is named so in ``name`` (the templates print it)."""
    return [{**r.as_dict(), "name": r.label} for r in round_rows(tally, seats, present, written)]


# The order posts are listed in the report: 书记, 副书记, then the committee members.
_POST_ORDER = {title.value: n for n, title in enumerate(PositionTitle)}


def _posts(election: Election) -> list[dict[str, str]]:
    """The committee's own election and division of posts: 书记 first, then 副书记, then the
    members with their posts; each ``{"name", "title"}`` with the title in Chinese."""
    ordered = sorted(election.posts, key=lambda p: _POST_ORDER.get(str(p["title"]), 99))
    return [{"name": str(p["name"]), "title": PositionTitle(str(p["title"])).label}
            for p in ordered]  # fmt: skip


def result_context(election: Election) -> dict[str, Any]:
    """The report's names: attendance and ELEC-1, left out with reasons, every round of the
    tally (``tally`` the first vote, ``runoffs`` each run-off with its seats, rows and
    arithmetic), the result, and the committee's division of posts (``posts``)."""
    assert election.held_on is not None and election.should_attend is not None
    assert election.present is not None
    org = election.organization
    present = election.present
    written = written_in(election)
    runoffs = [
        {
            "number": n,
            "label": f"第{n}次另行选举",
            "seats": r["seats"],
            "tally": _round_rows(r["tally"], int(r["seats"]), present, written),
            # The round's own papers lead its text, so a deployment's template shows them too.
            "sheets_text": runoff_sheets(r, present).text,
            "text": f"{runoff_sheets(r, present).text}；另行选举：{r['text']}",
        }
        for n, r in enumerate(election.runoffs, start=1)
    ]
    posts = _posts(election)
    return {
        "by_election": election.kind == ElectionKind.BY_ELECTION,
        "organization_name": org.name,
        "parent_name": _parent_name(org),
        # The organisation that gave the 批复 as recorded (older records: the parent).
        "approver_name": election.approver or _parent_name(org),
        "approval_document": election.approval_document,
        "held_on": format_cn_date(election.held_on),
        "quorum_text": check_election_quorum(election.should_attend, present).message,
        "left_out": [{"name": p["name"], "reason": p["reason"]} for p in election.left_out],
        "invalid_ballots": election.invalid_ballots,
        "seats": election.seats,
        "tally": _round_rows(election.tally, election.seats, present),
        "sheets_text": first_sheets(election).text,
        "first_text": first_sheets(election).text
        + "；"
        + next((v["text"] for v in election.verdicts if v["rule_id"] == "ELEC-3"), ""),
        "runoffs": runoffs,
        "result_text": next(
            (v["text"] for v in reversed(election.verdicts) if v["rule_id"] == "ELEC-3"), ""
        ),
        "elected_text": "、".join(election.elected),
        "posts": posts,
        "posts_text": "，".join(f"{p['name']}任{p['title']}" for p in posts),
        "reported_on": format_cn_date(election.reported_on) if election.reported_on else "",
    }


def election_document(election: Election, kind: DocKind, fmt: Literal["docx", "pdf"]) -> bytes:
    """The document ``kind`` of ``election`` as Word or PDF; ``DocumentError`` (Chinese) when a
    deployment's template is broken."""
    context = request_context(election) if kind == "request" else result_context(election)
    name = f"election_{kind}"
    if fmt == "docx":
        return render_docx(f"{name}.docx", context)
    return render_pdf(f"{name}.html", context)
