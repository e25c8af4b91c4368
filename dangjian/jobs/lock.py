"""The scheduler lock: exactly one beat across every process and machine on one database.

The lock is a row; taking it is one conditional UPDATE (free, already ours, or its holder's
heartbeat older than the time-to-live), which both SQLite and PostgreSQL apply atomically, so two
schedulers starting at the same instant cannot both win. A holder that crashed stops beating and
its lock expires after ``SCHEDULER_LOCK_TTL`` seconds.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from dangjian.jobs.models import SchedulerLock

BEAT = "beat"


@dataclass(frozen=True)
class LockState:
    """The lock as seen now: who holds it, how long ago they beat (seconds), and whether that is
    recent enough for the holder to count as alive."""

    holder: str
    heartbeat_age: float | None
    alive: bool


class LockHeld(RuntimeError):
    """Another live scheduler holds the lock; the message is for the operator."""


def new_token() -> str:
    return uuid.uuid4().hex


def this_process() -> str:
    return f"{socket.gethostname()} 进程 {os.getpid()}"


def _ttl() -> timedelta:
    return timedelta(seconds=settings.SCHEDULER_LOCK_TTL)


def lock_state(name: str = BEAT, *, now: datetime | None = None) -> LockState:
    """The current holder of ``name``; an absent or released lock is not alive."""
    now = now or timezone.now()
    row = SchedulerLock.objects.filter(name=name).first()
    if row is None or not row.token or row.heartbeat_at is None:
        return LockState(holder="", heartbeat_age=None, alive=False)
    age = (now - row.heartbeat_at).total_seconds()
    return LockState(holder=row.holder, heartbeat_age=age, alive=age < _ttl().total_seconds())


def lock_acquire(*, token: str, holder: str, name: str = BEAT, now: datetime | None = None) -> None:
    """Take ``name`` for ``token``.

    Raises ``LockHeld`` (with a Chinese message naming the holder) when another holder beat
    within the time-to-live.
    """
    now = now or timezone.now()
    SchedulerLock.objects.get_or_create(name=name)
    taken = SchedulerLock.objects.filter(
        Q(token="") | Q(token=token) | Q(heartbeat_at__lt=now - _ttl()) | Q(heartbeat_at=None),
        name=name,
    ).update(token=token, holder=holder[:200], acquired_at=now, heartbeat_at=now)
    if not taken:
        raise LockHeld(held_message(lock_state(name, now=now)))


def held_message(state: LockState) -> str:
    """Why a scheduler may not start, naming the live holder (Chinese, for the operator)."""
    return (
        f"已有一个定时任务调度器在运行（{state.holder}，{state.heartbeat_age or 0:.0f}秒前仍在工作）："
        f"同一数据库只能运行一个调度器。请先停止它；若它已崩溃，锁将在"
        f"{settings.SCHEDULER_LOCK_TTL}秒内自动失效。"
    )


def lock_heartbeat(*, token: str, name: str = BEAT, now: datetime | None = None) -> bool:
    """Renew the holder's heartbeat; False when the lock is no longer ``token``'s."""
    now = now or timezone.now()
    return bool(SchedulerLock.objects.filter(name=name, token=token).update(heartbeat_at=now))


def lock_release(*, token: str, name: str = BEAT) -> None:
    """Give the lock up (nothing happens when another holder has it by now)."""
    SchedulerLock.objects.filter(name=name, token=token).update(token="", heartbeat_at=None)
