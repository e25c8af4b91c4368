"""Pure rules of notification delivery: quiet hours, retry back-off, robot signatures and the
de-duplication key. No Django: times are aware ``datetime`` values, windows are ``time``.

Sources: quiet hours and back-off are local settings (本单位设置); the signatures follow the
robots' published documents (钉钉自定义机器人"加签"; 飞书自定义机器人"签名校验").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class QuietHours:
    """A daily window [start, end) in local time in which only the inbox is written; a window
    across midnight (22:00-07:00) is allowed; start == end means no quiet hours."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> QuietHours | None:
        """ "22:00-07:00" -> QuietHours; "" -> None. Raises ValueError (Chinese) on bad text."""
        text = text.strip()
        if not text:
            return None
        try:
            first, second = (part.strip() for part in text.split("-"))
            window = cls(time.fromisoformat(first), time.fromisoformat(second))
        except ValueError as exc:
            raise ValueError(f"免打扰时段应写作“22:00-07:00”，实为“{text}”") from exc
        return None if window.start == window.end else window

    def contains(self, moment: time) -> bool:
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def release_at(self, now: datetime) -> datetime | None:
        """When a delivery held at ``now`` (aware, local) may go: the window's end, or None
        when ``now`` is outside the window."""
        if not self.contains(now.timetz().replace(tzinfo=None)):
            return None
        end = now.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return end if end > now else end + timedelta(days=1)


def backoff(attempts: int, *, base_seconds: int = 60, cap_seconds: int = 6 * 3600) -> timedelta:
    """The wait after the ``attempts``-th failed attempt (1, 2, ...): base, 4x base, 16x base...
    capped at ``cap_seconds``."""
    return timedelta(seconds=min(cap_seconds, base_seconds * 4 ** max(0, attempts - 1)))


def dedupe_key(kind: str, due_on: date | None, today: date) -> str:
    """The key that makes one reminder go once per channel and recipient: its kind and its
    deadline; a standing condition with no deadline is reminded once per ISO week."""
    if due_on is not None:
        return f"{kind}:{due_on.isoformat()}"
    year, week, _ = today.isocalendar()
    return f"{kind}:{year}-W{week:02d}"


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉加签: base64(HMAC-SHA256(key=secret, msg="{timestamp}\\n{secret}")), URL-encoding left
    to the caller."""
    message = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """飞书签名校验: base64(HMAC-SHA256(key="{timestamp}\\n{secret}", msg=b""))."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
