"""The demo's Party sanctions (DISC-1), recorded through the service as a 党委 would:

- a 警告 eight months ago (still in its one-year impact period);
- a 留党察看 of one year decided twenty days ago (no vote, 纪律处分条例第十二条).

Both go to members of the second demo branch who hold no post and take part in no other demo
process; neither changes a member's status, so every count of the demo stays as it was.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User

from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.services import sanction_record
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.orgs.models import Organization

_SANCTIONS = (  # (days ago, kind, term months, number, reason)
    (240, "warning", None, "纪〔{year}〕3号", "违反工作纪律，未按规定报告个人有关事项"),
    (20, "probation_in_party", 12, "纪〔{year}〕11号", "违反廉洁纪律，违规收受礼品"),
)


def _quiet_members(branch: Organization, before: date) -> list[Member]:
    """Members in good standing since before ``before``, with no post, account or other
    demo process (transfers, floating, lost contact): the last ones of the branch first."""
    return list(
        Member.objects.filter(organization=branch, status=Status.NORMAL, is_floating=False,
                              lost_contact_since__isnull=True, user__isnull=True,
                              joined_on__lt=before, positions=None, transfers=None)
        .order_by("-pk")[:50]
    )  # fmt: skip


def load_discipline(*, actor: User, branch: Organization, today: date) -> int:
    """Record the demo's sanctions; the number recorded (fewer when the branch is small). Each
    goes to a full member on its decision day (a 预备党员 is given no sanction)."""
    oldest = today - timedelta(days=max(days for days, *_ in _SANCTIONS))
    candidates = _quiet_members(branch, oldest)
    recorded = 0
    for days, kind, term, number, reason in _SANCTIONS:
        decided = today - timedelta(days=days)
        member = next((m for m in candidates
                       if m.confirmed_on is not None and m.confirmed_on <= decided), None)  # fmt: skip
        if member is None:
            continue
        candidates.remove(member)
        sanction_record(actor=actor, member_id=member.pk, data=SanctionInput(
            kind=kind, decided_on=decided, deciding_org="公司党委", reason=reason,
            document_number=number.format(year=decided.year), term_months=term))  # fmt: skip
        recorded += 1
    return recorded
