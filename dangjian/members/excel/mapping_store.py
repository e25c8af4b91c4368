"""The column mapping an organisation chose for its rosters: read it back, save a new one.

Saved per organisation: the highest one the person importing looks after (a secretary's
branch, an organisation administrator's 党委 or 党总支), so the next file from that office is
offered the same decisions.
"""

from __future__ import annotations

from django.db import transaction

from dangjian.accounts.access import visible_organizations
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.members.excel.mapping import COLUMNS_BY_FIELD, PER_ROW, ColumnMapping
from dangjian.members.models import ImportMapping
from dangjian.orgs.models import Organization

_MAX_HEADERS = 500  # as many columns as a sheet may have (WorkbookLimits.max_columns)


def mapping_home(actor: Actor) -> Organization | None:
    """The organisation whose mapping this person reads and saves; None for nobody's."""
    return visible_organizations(actor).order_by("depth", "path").first()


def saved_import_mapping(actor: Actor) -> ColumnMapping | None:
    """The mapping saved for this person's organisation, if any."""
    home = mapping_home(actor)
    row = ImportMapping.objects.filter(organization=home).first() if home else None
    if row is None:
        return None
    return ColumnMapping.from_json(
        {"headers": row.headers, "fixed": row.fixed, "meanings": row.meanings}
    )


def _check(mapping: ColumnMapping) -> None:
    """Only fields of the archive, only values a column of that field accepts."""
    if len(mapping.headers) > _MAX_HEADERS:
        raise InvalidInput.one("mapping", f"列对应关系最多{_MAX_HEADERS}列")
    bad = [h for h, f in mapping.headers.items() if f and f not in COLUMNS_BY_FIELD]
    bad += [f for f in mapping.fixed if f not in COLUMNS_BY_FIELD or f in PER_ROW]
    for name, meanings in mapping.meanings.items():
        column = COLUMNS_BY_FIELD.get(name)
        codes = {code for code, _label in column.choices} if column else set()
        if not set(meanings.values()) <= codes:
            bad.append(name)
    if bad:
        raise InvalidInput.one("mapping", f"列对应关系中有无效的项：{'、'.join(bad[:5])}")


@transaction.atomic
def import_mapping_save(*, actor: Actor, mapping: ColumnMapping) -> bool:
    """Save ``mapping`` for the person's organisation; True when it changed (audited)."""
    home = mapping_home(actor)
    if home is None:
        raise InvalidInput.one("mapping", "您没有可管理的党组织，无法保存列对应关系")
    _check(mapping)
    row = ImportMapping.objects.select_for_update().filter(organization=home).first()
    data = mapping.as_json()
    before = {"headers": row.headers, "fixed": row.fixed, "meanings": row.meanings} if row else {}
    if before == data:
        return False
    user = acting_user(actor)
    row, _ = ImportMapping.objects.update_or_create(
        organization=home, defaults={**data, "updated_by": user}
    )
    audit(actor=actor, action="member.import_mapping", obj=row, before=before, after=data)
    return True
