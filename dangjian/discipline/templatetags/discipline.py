"""``{% member_sanctions member %}``: the member page's section of Party sanctions, shown only
to whoever may record them (``accounts.access.may_record_sanction``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context
from django.utils import timezone

from dangjian.accounts.access import may_record_sanction
from dangjian.discipline.selectors import as_rule, recordable_sanctions, sanction_row, standing_on
from dangjian.members.models import Member

register = template.Library()


@register.inclusion_tag("discipline/_member_sanctions.html", takes_context=True)
def member_sanctions(context: Context, member: Member) -> dict[str, Any]:
    """The section's context; ``shown`` is False for anyone who may not record the member's
    sanctions (the member themself, another branch), who then sees nothing of it."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated or not may_record_sanction(user, member):
        return {"shown": False}
    today = timezone.localdate()
    records = list(recordable_sanctions(user, member.pk))
    return {
        "shown": True, "member": member, "rows": [sanction_row(r, today) for r in records],
        "standing": standing_on([as_rule(r) for r in records], today),
    }  # fmt: skip
