"""What a page, the API or an export shows of a floating record's contact (联系方式).

Phone numbers are masked as everywhere on the platform (``rules.idcard.mask_phone``: the first 3
and last 4 digits): in full only to the member themself and to grants that may reveal numbers
over the record's branch (``accounts.access.may_reveal_in``), as for a member's own phone."""

from __future__ import annotations

from dangjian.accounts.access import may_reveal_in, scope_for
from dangjian.core.actor import Actor
from dangjian.dynamics.models import FloatingRecord
from dangjian.rules.idcard import mask_phones_in


def may_see_contact(user: Actor, record: FloatingRecord) -> bool:
    """Whether ``user`` sees ``record``'s contact unmasked."""
    if record.member_id is not None and scope_for(user).own_member_id == record.member_id:
        return True  # the member's own number
    return may_reveal_in(user, record.organization)


def contact_shown(user: Actor, record: FloatingRecord) -> str:
    """The contact as ``user`` may read it: phone numbers in it masked unless revealed."""
    if not record.contact or may_see_contact(user, record):
        return record.contact
    return mask_phones_in(record.contact)


__all__ = ["contact_shown", "may_see_contact"]
