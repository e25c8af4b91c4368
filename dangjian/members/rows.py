"""Lines of a member list, read as plain values: a page of 30 members builds no model objects.

``MemberRow`` carries what a line shows (templates/members/_member_rows.html) and the labels the
template asks for by the model's own method names; ``MemberRows`` pages a values query into
rows, so ``Paginator`` takes it as it takes a query set.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, overload

from django.db.models import QuerySet

from dangjian.members.choices import Education, Gender, Status

# The member's fields a line shows; with ``pk`` and ``organization_name`` the columns read.
ROW_FIELDS = (
    "name", "gender", "birth_date", "stage", "status", "joined_on", "education",
    "is_floating", "lost_contact_since", "in_difficulty", "is_leading_cadre",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class MemberRow:
    pk: int
    name: str
    gender: str
    birth_date: date
    stage: str
    status: str
    joined_on: date | None
    education: str
    is_floating: bool
    lost_contact_since: date | None
    in_difficulty: bool
    is_leading_cadre: bool
    organization_name: str
    organization_then: str = ""  # as-of lists: the organisation on that day

    def get_gender_display(self) -> str:
        return str(Gender(self.gender).label)

    def get_status_display(self) -> str:
        return str(Status(self.status).label)

    def get_education_display(self) -> str:
        return str(Education(self.education).label)


class MemberRows:
    """A values query (``ROW_FIELDS``, ``pk``, ``organization_name``...) read as ``MemberRow``;
    ``renamed`` maps a value's name in the query to the row's field (a past day's list reads
    ``name_then`` as ``name``: a values query cannot reuse a model field's name)."""

    def __init__(
        self, values: QuerySet[Any, dict[str, Any]], renamed: dict[str, str] | None = None
    ) -> None:
        self.values = values
        self.renamed = renamed or {}

    def _row(self, values: dict[str, Any]) -> MemberRow:
        return MemberRow(**{self.renamed.get(k, k): v for k, v in values.items()})

    def count(self) -> int:
        return self.values.count()

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> MemberRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[MemberRow]: ...
    def __getitem__(self, index: int | slice) -> MemberRow | list[MemberRow]:
        if isinstance(index, slice):
            return [self._row(row) for row in self.values[index]]
        return self._row(self.values[index])

    def __iter__(self) -> Iterator[MemberRow]:
        return (self._row(row) for row in self.values)
