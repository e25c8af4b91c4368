"""The documents of 换届选举 as Word and PDF, from replaceable templates (``doc_templates``).

``request``: 关于召开党员大会进行换届选举的请示 (seats, candidates, ELEC-2); ``result``: 关于换届选举
结果的报告 (attendance with ELEC-1, the tally and who is elected, ELEC-3). The names each
template uses are listed in ``doc_templates/README.md``.
"""

from __future__ import annotations

from typing import Any, Literal

from dangjian.documents.pdf import render_pdf
from dangjian.documents.word import render_docx
from dangjian.elections.models import CommitteeTerm, Election
from dangjian.orgs.models import Organization
from dangjian.rules.dates import format_cn_date
from dangjian.rules.elections import candidates_needed, check_election_quorum

DocKind = Literal["request", "result"]
DOC_KINDS: dict[str, str] = {"request": "换届选举请示", "result": "选举结果报告"}


def _parent_name(org: Organization) -> str:
    parent = Organization.objects.get_parent(org)
    return f"中共{parent.name}" if parent is not None else "上级党组织"


def request_context(election: Election) -> dict[str, Any]:
    """The 请示's names: organisation, higher organisation, current term, seats, candidates."""
    org = election.organization
    term = CommitteeTerm.objects.filter(organization=org, closed_on__isnull=True).first()
    current = ""
    if term is not None:
        current = (f"{org.name}第{term.number}届委员会于{format_cn_date(term.elected_on)}选举产生，"
                   f"任期至{format_cn_date(term.ends_on)}。")  # fmt: skip
    return {
        "organization_name": org.name,
        "parent_name": _parent_name(org),
        "current_term": current,
        "seats": election.seats,
        "candidate_count": len(election.candidates),
        "candidates_needed": candidates_needed(election.seats),
        "candidates": [{"name": c["name"]} for c in election.candidates],
        "requested_on": format_cn_date(election.requested_on),
    }


def result_context(election: Election) -> dict[str, Any]:
    """The report's names: attendance and ELEC-1, left out with reasons, the tally, the result."""
    assert election.held_on is not None and election.should_attend is not None
    assert election.present is not None
    org = election.organization
    elected = set(election.elected)
    threshold = election.present // 2
    return {
        "organization_name": org.name,
        "parent_name": _parent_name(org),
        "approval_document": election.approval_document,
        "held_on": format_cn_date(election.held_on),
        "quorum_text": check_election_quorum(election.should_attend, election.present).message,
        "left_out": [{"name": p["name"], "reason": p["reason"]} for p in election.left_out],
        "invalid_ballots": election.invalid_ballots,
        "tally": [
            {
                "name": t["name"],
                "yes": t["yes"],
                "no": t["no"],
                "abstain": t["abstain"],
                "outcome": "当选"
                if t["name"] in elected
                else ("未过半数" if t["yes"] <= threshold else "未当选"),
            }
            for t in election.tally
        ],
        "result_text": next(
            (v["text"] for v in reversed(election.verdicts) if v["rule_id"] == "ELEC-3"), ""
        ),
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
