"""Domain rules of the platform, as plain Python.

Nothing here imports Django or touches a database: selectors fetch the facts, a function here
computes, a service stores the result. Every public function cites the rule IDs of
``shared/RULES.md`` it implements, and every message a person reads is Chinese.

Modules:

- ``dates``: calendar arithmetic, 周岁, working days, ``YearMonth`` (DATE-1..3, DEV-20).
- ``idcard``: identity-number checks and masking (ID-1).
- ``organization``: branch structure warnings and terms of office (ORG-1..5).
- ``statistics``: statistical bands and categories, 党龄, probation (STAT-1..4, MEM-1, DEV-15).
- ``dues``: 党费 bases, brackets, rounding, caps, reductions, back pay and arrears (DUES-1..15).
"""
