"""How a message names the rule it applies: "（依据《关于中国共产党党费收缴、使用和管理的规定》第二条）".

Messages built here reach members and secretaries (form errors, import reasons, the dues
explanations), so they cite the regulation and the article, never the rule ID: the ID names
the rule in the code that calls ``cite`` and in the tests, and is shown on screens only as a
separate tag (``dangjian.rules.sources.rule_citation`` gives the reading for a tag's tooltip).
"""

from __future__ import annotations

from dangjian.rules.sources import RULE_SOURCES, readable_source


def cite(rule_id: str, source: str | None = None) -> str:
    """The Chinese citation suffix of a message applying ``rule_id``.

    ``source`` is where the rule comes from in RULES.md's short names ("党费规定第二条",
    "2017通知", "GB 11643-1999"); without it, the rule's whole source from
    ``RULE_SOURCES`` (``KeyError`` for a rule that table does not know). A reckoning
    convention (DATE-*) cites nothing: "". A local setting reads "（按本单位党费设置）".
    """
    return readable_source(RULE_SOURCES[rule_id] if source is None else source)
