"""The typed input of a sanction, as every door (page, API, import) hands it to the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SanctionInput:
    """One sanction as decided. ``kind`` is a ``models.Kind`` code ("warning", ...);
    ``term_months`` (12 or 24) and ``restored_on`` belong to a 留党察看 only."""

    kind: str
    decided_on: date
    deciding_org: str
    reason: str
    document_number: str = ""
    term_months: int | None = None
    restored_on: date | None = None
