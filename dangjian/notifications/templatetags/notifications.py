"""``{% inbox_link %}``: the header's link to the inbox with the unread count."""

from __future__ import annotations

from typing import Any

from django import template

from dangjian.notifications.inbox import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_inbox_link.html", takes_context=True)
def inbox_link(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    count = unread_count(user) if user is not None and user.is_authenticated else 0
    return {"unread": count}
