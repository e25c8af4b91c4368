"""党员动态 questions: "我们支部有几个流动党员", "李四的组织关系转到哪了", "我们支部有几个失联
党员", "有哪些党员待停止党籍".

All read the registers' scoped selectors (``dynamics.selectors``,
``dynamics.standing_selectors``): floating records of the branches the asker looks after,
transfers and 介绍信 out of or into them, lost-contact records and the proposals due on them. A person of another
branch is answered exactly as a name nobody bears, so a question cannot learn whether someone
is in transfer elsewhere. A member asks only about themselves ("我的组织关系转到哪了").
"""

from __future__ import annotations

from datetime import date

from dangjian.core.actor import Actor
from dangjian.dynamics.models import OPEN_STATES, LetterState, Transfer, TransferLetter
from dangjian.dynamics.queues import transfer_actions
from dangjian.dynamics.selectors import (
    open_floating,
    own_letters,
    own_transfers,
    visible_letters,
    visible_transfers,
)
from dangjian.dynamics.standing_selectors import (
    Proposal,
    flagged_without_record,
    open_lost_contacts,
    removal_proposals,
    suspension_proposals,
)
from dangjian.members.choices import Status
from dangjian.orgs.models import Organization, in_subtree
from dangjian.rules.dates import format_cn_date
from dangjian.rules.membership import abroad_contact_due, suspension_proposal_due
from dangjian.rules.sources import rule_citation

MAX_NAMED = 20


class NoTransferOfThatName(Exception):
    """Nobody of that name has a transfer or letter in the asker's scope (the same words
    whether the name exists elsewhere or not)."""


def _open_floating(user: Actor, org: Organization) -> list[tuple[str, str, bool]]:
    """(direction, name, contact overdue) of the open records in ``org``'s subtree."""
    rows = (
        open_floating(user)
        .filter(in_subtree(org.path, "organization__path"))
        .prefetch_related("contacts")
        .order_by("since", "pk")
    )
    today = date.today()
    found = []
    for record in rows:
        last = max((c.contacted_on for c in record.contacts.all()), default=None)
        overdue = record.abroad_study and abroad_contact_due(last or record.since) < today
        found.append((record.direction, record.name, overdue))
    return found


def floating_text(user: Actor, org: Organization, listed: bool) -> str:
    """How many floating members ``org`` (with its subtree) has, 流出 and 流入, and those
    abroad to study whose contact is overdue (MEM-3, MEM-9); ``listed`` names them."""
    rows = _open_floating(user, org)
    out = [name for direction, name, _ in rows if direction == "out"]
    inflow = [name for direction, name, _ in rows if direction == "in"]
    overdue = [name for _, name, late in rows if late]
    if not rows:
        return f"{org.name}（含下级）目前没有登记在册的流动党员（流出或流入）。"
    text = f"{org.name}（含下级）现有流动党员{len(rows)}名：流出{len(out)}名、流入{len(inflow)}名。"
    if listed:
        text += _names("流出", out) + _names("流入", inflow)
    if overdue:
        text += (
            f"其中出国（境）学习研究、超过6个月未联系的{len(overdue)}名："
            f"{'、'.join(overdue[:MAX_NAMED])}（依据{rule_citation('MEM-9')}）。"
        )
    return text


def _names(label: str, names: list[str]) -> str:
    if not names:
        return ""
    more = f"等（仅列出前{MAX_NAMED}名）" if len(names) > MAX_NAMED else ""
    return f"{label}：{'、'.join(names[:MAX_NAMED])}{more}。"


def _transfer_line(user: Actor, transfer: Transfer) -> str:
    where = f"从{transfer.from_org.name}转往{transfer.to_org.name}"
    started = f"（{format_cn_date(transfer.effective_on)}发起，原因：{transfer.reason}）"
    if transfer.state in OPEN_STATES:
        awaited = transfer_actions(user, transfer).awaited
        return f"组织关系正在{where}{started}，目前等待{awaited}；接收前仍由{transfer.from_org.name}管理。"
    if transfer.state == "accepted":
        group = f"，编入{transfer.party_group.name}" if transfer.party_group else ""
        return f"组织关系已{where}{started}，转入党支部已接收{group}。"
    return (
        f"组织关系{where}的转接{transfer.get_state_display()}{started}：{transfer.refused_reason}。"
    )


def _letter_line(letter: TransferLetter, today: date) -> str:
    head = f"{format_cn_date(letter.issued_on)}由{letter.organization.name}开具介绍信{letter.number}，转往{letter.destination}"
    if letter.state == LetterState.RECEIPTED and letter.receipt_on:
        return f"{head}，{format_cn_date(letter.receipt_on)}已收到回执（{letter.receipt_org}）。"
    if letter.state == LetterState.CANCELLED:
        return f"{head}，该介绍信已作废（{letter.cancel_reason}）。"
    if letter.valid_until < today:
        return f"{head}，有效期至{format_cn_date(letter.valid_until)}，已过期仍未收到回执，请及时联系。"
    return f"{head}，有效期至{format_cn_date(letter.valid_until)}，尚未收到回执。"


def whereabouts_text(user: Actor, name: str, today: date) -> str:
    """Where ``name``'s organisational relation went: the latest transfer inside the platform
    and the latest 介绍信 out of it, as the asker may see them. ``name`` "我": the asker's own."""
    if name == "我":
        transfers = own_transfers(user)
        letters = own_letters(user)
        who = "您的"
    else:
        transfers = visible_transfers(user).filter(member__name=name)
        letters = visible_letters(user).filter(member__name=name)
        who = f"{name}的"
    transfer = (
        transfers.select_related("from_org", "to_org", "party_group", "member")
        .order_by("-created_at", "-pk")
        .first()
    )
    letter = letters.order_by("-issued_on", "-pk").first()
    if transfer is None and letter is None:
        if name == "我":
            return "您目前没有组织关系转接记录，组织关系仍在原党支部。"
        raise NoTransferOfThatName(f"您的管理范围内没有“{name}”的组织关系转接或介绍信记录。")
    lines = [_transfer_line(user, transfer)] if transfer else []
    if letter is not None:
        lines.append(_letter_line(letter, today))
    return who + "".join(lines)


def lost_contact_text(user: Actor, org: Organization, listed: bool, today: date) -> str:
    """How many members of ``org`` (with its subtree) are lost (open records, MEM-4), of them
    suspended, and those whose 停止党籍 proposal is due; ``listed`` names them. Archive flags
    without a record are mentioned, so the answer and the register agree."""
    records = list(
        open_lost_contacts(user)
        .filter(in_subtree(org.path, "member__organization__path"))
        .order_by("lost_since", "pk")
    )
    unrecorded = (
        flagged_without_record(user).filter(in_subtree(org.path, "organization__path")).count()
    )
    tail = (
        f"另有{unrecorded}名党员档案标记为失联但尚未登记失联记录，请在失联党员登记簿中补登。"
        if unrecorded
        else ""
    )
    if not records:
        return f"{org.name}（含下级）目前没有登记在册的失联党员。{tail}"
    suspended = [r for r in records if r.member.status == Status.SUSPENDED]
    due = [
        r for r in records
        if r.member.status == Status.NORMAL and suspension_proposal_due(r.lost_since) <= today
    ]  # fmt: skip
    text = f"{org.name}（含下级）现有失联党员{len(records)}名"
    text += f"，其中已停止党籍{len(suspended)}名。" if suspended else "。"
    if listed:
        lines = [f"{r.member.name}（{format_cn_date(r.lost_since)}起失联）" for r in records]
        text += _names("失联党员", lines)
    if due:
        text += (
            f"失联满6个月、可提出停止党籍的{len(due)}名：{'、'.join(r.member.name for r in due[:MAX_NAMED])}"
            f"（依据{rule_citation('MEM-4')}，由党支部或上级党组织决定）。"
        )
    return text + tail


def _proposal_line(proposal: Proposal) -> str:
    searches = f"已查找{proposal.attempt_count}次" if proposal.attempt_count else "尚未登记查找情况"
    since = (
        f"{format_cn_date(proposal.suspended_on)}停止党籍"
        if proposal.suspended_on
        else f"{format_cn_date(proposal.lost_since)}起失联"
    )
    return (
        f"{proposal.member_name}（{proposal.organization_name}，{since}，{searches}，"
        f"自{format_cn_date(proposal.due_on)}起可提出{proposal.label}）"
    )


def standing_proposals_text(user: Actor, org: Organization, kind: str, today: date) -> str:
    """The proposals due in ``org``'s subtree (MEM-4): ``kind`` "suspension" (停止党籍 six
    months after the loss), "removal" (除名 two years after the suspension) or "all"."""
    in_org = set(
        open_lost_contacts(user)
        .filter(in_subtree(org.path, "member__organization__path"))
        .values_list("pk", flat=True)
    )
    found = [
        *(suspension_proposals(user, today) if kind != "removal" else []),
        *(removal_proposals(user, today) if kind != "suspension" else []),
    ]
    proposals = [p for p in found if p.record_id in in_org]
    what = {"suspension": "停止党籍", "removal": "除名"}.get(kind, "停止党籍或除名")
    if not proposals:
        return f"{org.name}（含下级）目前没有到期待提出{what}的失联党员。"
    shown = "；".join(_proposal_line(p) for p in proposals[:MAX_NAMED])
    more = f"等（仅列出前{MAX_NAMED}名）" if len(proposals) > MAX_NAMED else ""
    return (
        f"{org.name}（含下级）有{len(proposals)}名失联党员已到期、可提出{what}：{shown}{more}。"
        f"平台只提出建议，须经多方查找仍无下落，由党支部或上级党组织研究决定"
        f"（依据{rule_citation('MEM-4')}）。"
    )


__all__ = [
    "NoTransferOfThatName",
    "floating_text",
    "lost_contact_text",
    "standing_proposals_text",
    "whereabouts_text",
]
