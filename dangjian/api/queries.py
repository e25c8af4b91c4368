"""Reads the API needs beyond the shared selectors; each starts from the asker's scope."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr

from dangjian.accounts.access import access_organization, visible_organizations
from dangjian.core.actor import Actor
from dangjian.orgs.models import Organization, in_subtree


def organization_list(
    user: Actor, *, parent_id: int | None, kind: str | None, include_dissolved: bool
) -> QuerySet[Organization]:
    """Visible organisations in tree order, each annotated with ``parent_pk`` (one query)."""
    qs = visible_organizations(user)
    if parent_id is not None:
        parent = access_organization(user, parent_id)
        qs = qs.filter(in_subtree(parent.path), depth=parent.depth + 1)
    if kind:
        qs = qs.filter(kind=kind)
    if not include_dissolved:
        qs = qs.filter(dissolved_on__isnull=True)
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Organization.steplen)
    parents = Organization.objects.filter(path=parent_path).values("pk")[:1]
    return qs.annotate(parent_pk=Subquery(parents)).order_by("path")
