"""The assistant's 智能研判 question: "哪些支部风险最高", answered from the branch health
scores the score page shows (``dangjian.alerts.selectors.needing_attention``), within the
asker's scope: a secretary hears of their own branch only."""

from __future__ import annotations

import re

from dangjian.alerts.selectors import needing_attention
from dangjian.core.actor import Actor
from dangjian.rules.alerts import formula_text

_RISK_ASK = re.compile(
    r"(?:风险|隐患|问题|预警).{0,4}(?:最高|最大|最多|较高|较多)|最需要?关注|"
    r"健康分.{0,4}(?:最低|最差|较低)|(?:哪些|哪几个|哪个).{0,6}(?:有风险|风险高)"
)
_ORGANIZATION_WORD = re.compile(r"支部|党组织|组织|单位")


def is_risk_question(q: str) -> bool:
    """``q`` compacted: asks which branches are most at risk (by the health score)."""
    return bool(_RISK_ASK.search(q) and _ORGANIZATION_WORD.search(q))


def riskiest_text(user: Actor, weights: dict[str, int], limit: int = 10) -> tuple[str, list[str]]:
    """The branches with the lowest latest health score in the asker's scope, lowest first,
    with each one's score, grade and open alerts; and the formula the score follows."""
    rows = needing_attention(user, limit)
    formula = formula_text(weights)
    if not rows:
        return (f"您管理范围内的党支部目前没有未解除的预警（以最近一次智能研判扫描为准）。{formula}", [])  # fmt: skip
    month = rows[0].month
    listed = "；".join(
        f"{n}. {s.organization.name}：{s.score}分（{s.grade}），未解除预警{s.open_alerts}条"
        for n, s in enumerate(rows, start=1)
    )
    text = (f"按{month.year}年{month.month}月的党支部健康分，风险最高（得分最低）的"
            f"{len(rows)}个党支部：{listed}。{formula}")  # fmt: skip
    return text, [s.organization.name for s in rows]
