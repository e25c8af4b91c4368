"""A member's recorded attributes as they stood on a past day, as SQL expressions for counts.

``Member`` holds today's values; every change of the archive is a ``MemberEvent`` whose
``changes`` map a field to ``[before, after]`` (the stored codes; dates as ISO text). The value
of a field on day D is therefore the "before" of the earliest event dated after D that changed
it, else today's value (``selectors.member_as_of`` reads one member the same way). A count or
list of a past day reads ``attributes_on(on)``: one expression per field, aliased
``<field>_then``, used by the figure and by the list behind it alike.

Cost: for today (or later: no event is dated in the future) every expression is the column
itself. For a past day one query finds which fields changed after D at all; only those read
the history, a probe of the (member, effective_on) index for each member counted, and the
"before" only for the few members changed since. A count whose conditions name the fields many
times (the screen's panels) goes through ``aggregate_on``, which reads the history only for
the members changed since D.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Field,
    OuterRef,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from dangjian.members.models import MemberEvent

# The member's attributes the statistics count by (STAT-1..3, the annual tables, the builder).
COUNTED_FIELDS = ("gender", "ethnicity", "birth_date", "education", "occupation", "joined_on",
                  "confirmed_on")  # fmt: skip
_DATE_FIELDS = frozenset({"birth_date", "joined_on", "confirmed_on"})

AttributeExpression = Combinable


def attribute_name(field: str) -> str:
    """The alias under which ``attributes_on`` gives ``field``'s value of the day."""
    return f"{field}_then"


def attributes_on(
    on: date, fields: Iterable[str] = COUNTED_FIELDS, prefix: str = ""
) -> dict[str, AttributeExpression]:
    """``{"<field>_then": value of the field on on}`` for ``QuerySet.alias`` or ``annotate``.

    ``prefix`` leads from the model queried to the member: "" on ``Member``, "member__" on
    ``MemberPeriod``. A field no event after ``on`` changed is the column itself.
    """
    wanted = tuple(fields)
    return _expressions(on, wanted, prefix, changed_since(on, wanted))


def _expressions(
    on: date, fields: tuple[str, ...], prefix: str, changed: frozenset[str]
) -> dict[str, AttributeExpression]:
    return {
        attribute_name(f): _value_on(f, on, prefix) if f in changed else F(f"{prefix}{f}")
        for f in fields
    }


def aggregate_on(
    members: QuerySet[Any], on: date, fields: Iterable[str], counts: Mapping[str, Count],
    prefix: str = "",
) -> dict[str, int]:  # fmt: skip
    """``members.aggregate(**counts)`` where the counts' conditions read ``<field>_then``, the
    values of ``fields`` on ``on``: the same figures as aggregating once over ``attributes_on``,
    without reading the history for every member. A condition naming a changed field many
    times (eight age bands, ten education levels) would probe the history at each mention for
    each member; here the members no event after ``on`` changed are counted by today's
    columns, and only the others through the history, and the two counts added. ``prefix`` as
    for ``attributes_on``. Only plain counts add up so: ValueError for a distinct one (a value
    could fall in both parts)."""
    if any(getattr(c, "distinct", False) for c in counts.values()):
        raise ValueError("aggregate_on只能合计非distinct的Count")
    wanted = tuple(fields)
    changed = changed_since(on, wanted)
    if not changed:
        found = members.alias(**_expressions(on, wanted, prefix, changed)).aggregate(**counts)
        return {key: found[key] or 0 for key in counts}
    since = Exists(
        MemberEvent.objects.filter(
            member_id=OuterRef(f"{prefix}pk"), effective_on__gt=on,
            changes__has_any_keys=sorted(changed),
        )
    )  # fmt: skip
    today = _expressions(on, wanted, prefix, frozenset())
    rest = members.alias(**today).filter(~since).aggregate(**counts)
    then = members.alias(**_expressions(on, wanted, prefix, changed)).filter(since)
    moved = then.aggregate(**counts)
    return {key: (rest[key] or 0) + (moved[key] or 0) for key in counts}


def changed_since(on: date, fields: Iterable[str]) -> frozenset[str]:
    """Which of ``fields`` some event dated after ``on`` changed (none for today or later:
    changes are never dated in the future). One query over the events after ``on``."""
    wanted = list(fields)
    if on >= timezone.localdate() or not wanted:
        return frozenset()
    later = MemberEvent.objects.filter(effective_on__gt=on, changes__has_any_keys=wanted)
    found: set[str] = set()
    for changes in later.values_list("changes", flat=True).iterator():
        found.update(k for k in changes if k in wanted)
        if len(found) == len(wanted):
            break
    return frozenset(found)


def _value_on(field: str, on: date, prefix: str) -> AttributeExpression:
    """The field's value on ``on``: the "before" of the earliest later event that changed it
    (which may be empty: a date not yet recorded then), else today's column."""
    later = MemberEvent.objects.filter(
        member_id=OuterRef(f"{prefix}pk"), effective_on__gt=on, changes__has_key=field
    ).order_by("effective_on", "id")
    output: Field[object, object] = DateField() if field in _DATE_FIELDS else CharField()
    before = KT(f"changes__{field}__0")
    value = Cast(before, output) if field in _DATE_FIELDS else before
    then = Subquery(later.values(value_then=value)[:1], output_field=output)
    return Case(When(Exists(later), then=then), default=F(f"{prefix}{field}"),
                output_field=output)  # fmt: skip
