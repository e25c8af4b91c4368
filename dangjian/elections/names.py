"""How the election pages, documents and refusals name a person: by name, and where two
people of the same list share a name, by what tells them apart at the meeting (the month of
birth, then the day), never by a database id, which nobody in the room knows.

``person_labels`` is the one place that decides it, for the tally, the lists of the elected
and every refusal that names a candidate or a person written in (另选他人).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from dangjian.members.models import Member


def _with_birth(name: str, birth: date | None, *, day: bool) -> str:
    """ "张伟（1985年3月生）", or with ``day`` "张伟（1985年3月5日生）"."""
    if birth is None:
        return f"{name}（出生日期未登记）"
    when = (
        f"{birth.year}年{birth.month}月{birth.day}日" if day else f"{birth.year}年{birth.month}月"
    )
    return f"{name}（{when}生）"


def person_labels(people: Sequence[tuple[int, str]]) -> dict[int, str]:
    """Each ``(member_id, name)`` of one list labelled: the name alone when nobody else on
    the list shares it; else the name with the month of birth; the full birth date when the
    month is shared too; and, for two born the same day, "同名第n人" in member order (the
    order they were registered). One query, for the shared names only."""
    counts = Counter(name for _m, name in people)
    shared = [m for m, name in people if counts[name] > 1]
    births: dict[int, date] = (
        dict(Member.objects.filter(pk__in=shared).values_list("pk", "birth_date")) if shared else {}
    )
    labels = {m: name if counts[name] == 1 else _with_birth(name, births.get(m), day=False)
              for m, name in people}  # fmt: skip
    again = Counter(labels.values())
    labels = {m: _with_birth(name, births.get(m), day=True) if again[labels[m]] > 1 else labels[m]
              for m, name in people}  # fmt: skip
    last = Counter(labels.values())
    seen: Counter[str] = Counter()
    for m in sorted(labels):
        if last[labels[m]] > 1:
            seen[labels[m]] += 1
            labels[m] = f"{labels[m][:-1]}，同名第{seen[labels[m]]}人）"
    return labels


def person_label(member_id: int, name: str, others: Sequence[tuple[int, str]]) -> str:
    """One person's label among ``others`` (the list they are named in, e.g. the register of
    the day), for a refusal that names them."""
    same = [(m, n) for m, n in others if n == name and m != member_id]
    return person_labels([(member_id, name), *same])[member_id]
