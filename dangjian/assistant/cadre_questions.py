"""The assistant's cadre question: "近三年到龄退休的干部有多少", "明年有几名干部到龄退休".

Answered through the analysis selector of the cadre pages, so only a user holding the cadre
permission gets a number, and only for the cadres in their cadre scope.
"""

from __future__ import annotations

import re

from django.utils import timezone

from dangjian.accounts.access import CADRE_PERMISSION_NEEDED, may_read_cadres
from dangjian.core.actor import Actor

_RETIRING = re.compile(r"干部.{0,10}(?:到龄|退休)|(?:到龄|退休).{0,10}干部")
_YEARS = (
    (re.compile(r"(?:近|未来|今后|接下来)?(?:三|3)年"), 3),
    (re.compile(r"(?:近|未来|今后|接下来)?(?:两|二|2)年|后年"), 2),
    (re.compile(r"(?:近|未来|今后|接下来)?(?:一|1)年|明年|今年"), 1),
)


def parse_cadre_question(q: str) -> int | None:
    """The years ahead (1 to 3) a compacted question asks about, or None if it is not one."""
    if not _RETIRING.search(q):
        return None
    return next((years for pattern, years in _YEARS if pattern.search(q)), 3)


def retiring_text(user: Actor, years: int) -> str | None:
    """The answer, or None when ``user`` lacks the cadre permission."""
    from dangjian.cadres.selectors import cadre_analysis, retirement_ages

    if not may_read_cadres(user):
        return None
    today = timezone.localdate()
    found = cadre_analysis(user, today, people=False)
    ages = retirement_ages()
    return (f"截至{today:%Y年%m月%d日}，您管理范围内的在任干部{found.total}人，"
            f"今后{years}年内到龄退休的有{found.retiring[years]}人"
            f"（退休年龄按男{ages['M']}周岁、女{ages['F']}周岁计）。名单见“干部信息库—智能研判”。")  # fmt: skip


__all__ = ["CADRE_PERMISSION_NEEDED", "parse_cadre_question", "retiring_text"]
