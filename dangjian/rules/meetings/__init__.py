"""The rules of 组织生活 (三会一课, 主题党日, 组织生活会, 民主评议): kinds, frequencies, periods,
compliance and the arithmetic of votes at meetings (MEET-1..MEET-10).

Pure, like the rest of ``dangjian.rules``:

- ``kinds``: the kinds of meeting, who holds them, and how often (the settings' defaults).
- ``periods``: the month, quarter or year a date falls in (MEET-8) and the periods of a span.
- ``compliance``: required, held and missing per organisation, kind and period (MEET-8).
- ``voting``: MEET-1 quorum and vote of a 支部党员大会, MEET-2 quorum of a 支部委员会会议.
"""
