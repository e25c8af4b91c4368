"""How a message names the rule it applies: "（DUES-1，党费规定第二条）"."""


def cite(rule_id: str, source: str | None = None) -> str:
    """Return the Chinese citation suffix for ``rule_id``, with its source document if given."""
    if source:
        return f"（{rule_id}，{source}）"
    return f"（{rule_id}）"
