"""Reads of attachments, always through the owner: who may see the owner may see its files."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from dangjian.core.actor import Actor
from dangjian.documents.models import Attachment
from dangjian.documents.owners import owner_kind

NOT_FOUND = "未找到该附件"


def owner_attachments(user: Actor, kind: str, owner_id: int) -> QuerySet[Attachment]:
    """The attachments of one record, oldest first; none when ``user`` may not see it."""
    owner = owner_kind(kind)
    if owner is None or not owner.may_see(user, owner_id):
        return Attachment.objects.none()
    return Attachment.objects.filter(owner_kind=kind, owner_id=owner_id).order_by("pk")


def access_attachment(user: Actor, attachment_id: int) -> Attachment:
    """The attachment when ``user`` may see its owner; ``Http404`` otherwise, as for a missing
    one (an id cannot be probed)."""
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404(NOT_FOUND)
    owner = owner_kind(attachment.owner_kind)
    if owner is None or not owner.may_see(user, attachment.owner_id):
        raise Http404(NOT_FOUND)
    return attachment
