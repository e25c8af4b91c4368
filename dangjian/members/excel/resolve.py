"""Finding the organisations a spreadsheet names (by 组织代码 or full name), once per file."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from dangjian.accounts.access import may_place_member, visible_organizations
from dangjian.core.actor import Actor
from dangjian.members.excel.cells import CellError
from dangjian.orgs.models import Organization
from dangjian.rules.organization import OrgKind

_CHUNK = 400  # keeps every IN list under SQLite's parameter limit

# Missing and out of scope read the same: a file cannot be used to learn which codes exist.
NOT_FOUND = "找不到您可管理的、组织代码或名称为“{ref}”的党组织"


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _matching(queryset: Any, refs: list[str]) -> list[Organization]:
    found: list[Organization] = []
    for chunk in _chunks(refs):
        found.extend(queryset.filter(Q(code__in=chunk) | Q(name__in=chunk)))
    return found


class OrgResolver:
    """Maps the texts of an organisation column to organisations the user may manage."""

    def __init__(self, user: Actor, refs: Iterable[str]) -> None:
        self.user = user
        wanted = sorted({r for r in refs if r})
        self.by_code: dict[str, Organization] = {}
        self.by_name: dict[str, list[Organization]] = {}
        for org in _matching(visible_organizations(user), wanted):
            self.by_code[org.code] = org
            self.by_name.setdefault(org.name, []).append(org)

    def find(self, ref: str) -> Organization:
        """The organisation named by ``ref``; CellError with the reason otherwise."""
        org = self.by_code.get(ref)
        if org is None:
            named = self.by_name.get(ref, [])
            if len(named) > 1:
                raise CellError(f"名称“{ref}”对应{len(named)}个党组织，请改填组织代码")
            org = named[0] if named else None
        if org is None or not may_place_member(self.user, org):
            raise CellError(NOT_FOUND.format(ref=ref))
        return org

    def branch(self, ref: str) -> Organization:
        org = self.find(ref)
        if not OrgKind(org.kind).is_branch:
            raise CellError(f"党员应编入党支部，“{org.name}”是{org.kind_label}")
        return org

    def group(self, ref: str, branch: Organization) -> Organization:
        """A 党小组 directly inside ``branch`` (group names repeat between branches)."""
        candidates = [self.by_code[ref]] if ref in self.by_code else self.by_name.get(ref, [])
        inside = [
            o
            for o in candidates
            if o.kind == OrgKind.GROUP
            and o.path.startswith(branch.path)
            and o.depth == branch.depth + 1
        ]
        if len(inside) != 1:
            raise CellError(f"“{ref}”不是“{branch.name}”下的党小组")
        return inside[0]
