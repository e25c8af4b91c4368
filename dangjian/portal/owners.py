"""Attachments of a notice: seen by whoever receives the notice or authored it, added by whoever
may publish to its organisation (through ``documents``' one attachment service)."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from dangjian.accounts.access import may_publish_bulletin
from dangjian.core.actor import Actor
from dangjian.documents.owners import OwnerKind
from dangjian.portal.selectors import access_authored_bulletin, access_bulletin


def _sees(user: Actor, bulletin_id: int) -> bool:
    try:
        access_bulletin(user, bulletin_id, timezone.localdate())
    except Http404:
        return False
    return True


def _attaches(user: Actor, bulletin_id: int) -> bool:
    try:
        bulletin = access_authored_bulletin(user, bulletin_id)
    except Http404:
        return False
    return may_publish_bulletin(user, bulletin.organization)


BULLETIN_OWNER = OwnerKind("bulletin", "通知公告", "portal.Bulletin", _sees, _attaches)
