"""What a page, the API or an export shows of a floating record's contact (联系方式).

Phone numbers are masked as everywhere on the platform (``rules.idcard.mask_phone``: the first 3
and last 4 digits): in full only to the member themself and to grants that may reveal numbers
over the record's branch (``accounts.access.may_reveal_in``), as for a member's own phone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from dangjian.accounts.access import may_reveal_in, scope_for
from dangjian.core.actor import Actor
from dangjian.dynamics.models import FloatingRecord
from dangjian.orgs.models import Organization
from dangjian.rules.idcard import mask_phones_in
from dangjian.rules.numbers import normalise_phones_in


def may_see_contact(user: Actor, record: FloatingRecord) -> bool:
    """Whether ``user`` sees ``record``'s contact unmasked."""
    if record.member_id is not None and scope_for(user).own_member_id == record.member_id:
        return True  # the member's own number
    return may_reveal_in(user, record.organization)


def contact_shown(user: Actor, record: FloatingRecord) -> str:
    """The contact as ``user`` may read it: phone numbers in it masked unless revealed."""
    if not record.contact or may_see_contact(user, record):
        return record.contact
    # Written canonically first (records kept from before contacts were normalised):
    # "+86 139 1234 5678" masks as 139****5678, not as the run of digits "861******5678".
    return mask_phones_in(normalise_phones_in(record.contact))


class OrgChoice(NamedTuple):
    """One organisation in a choice: ``label`` names its parent, "机关党支部（XX党委）", so
    that branches of one name (every unit has its 机关党支部) can be told apart."""

    pk: int
    name: str
    label: str


def org_choices_labelled(orgs: Iterable[Organization]) -> list[OrgChoice]:
    """``orgs`` (in their order) with their parents' names, in one query for the parents."""
    found = list(orgs)
    step = Organization.steplen
    parents = dict(
        Organization.objects.filter(
            path__in={o.path[:-step] for o in found if len(o.path) > step}
        ).values_list("path", "name")
    )
    return [OrgChoice(o.pk, o.name, org_label(o, parents.get(o.path[:-step], ""))) for o in found]


def org_labels_told_apart(orgs: Iterable[tuple[int, str]]) -> dict[int, str]:
    """Each of ``orgs`` (id, name) by its name, with its parent's ("机关党支部（XX党委）") where
    another of them has the same name: rows of a table stay short and none is ambiguous. One
    query for the duplicates and their parents, none when every name is unique."""
    pairs = list(orgs)
    counts = Counter(name for _pk, name in pairs)
    labels = dict(pairs)
    same = [pk for pk, name in pairs if counts[name] > 1]
    if same:
        found = Organization.objects.filter(pk__in=same)
        labels.update({c.pk: c.label for c in org_choices_labelled(found)})
    return labels


def org_label(org: Organization, parent_name: str | None = None) -> str:
    """ "机关党支部（XX党委）"; the name alone for the root. ``parent_name`` when known."""
    if parent_name is None:
        parent = Organization.objects.get_parent(org)
        parent_name = parent.name if parent is not None else ""
    return f"{org.name}（{parent_name}）" if parent_name else org.name


__all__ = ["OrgChoice", "contact_shown", "may_see_contact", "org_choices_labelled", "org_label",
           "org_labels_told_apart"]  # fmt: skip
