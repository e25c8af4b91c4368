"""The beat scheduler: django-celery-beat's database schedule, run only while holding the lock.

Settings name this class as Celery's beat scheduler, so every way of starting a beat
(``dangjian beat``, ``dangjian serve``, ``celery beat``, ``celery worker --beat``) takes the
lock first and refuses to schedule anything while another live beat holds it. Holding it, the
scheduler makes the database schedule from the job catalogue and sends, once, the runs a
stopped platform missed (``dangjian.jobs.schedule``): two processes starting at once cannot
both do so, as only one of them gets the lock.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django_celery_beat.schedulers import DatabaseScheduler

from dangjian.jobs.catalogue import job_label
from dangjian.jobs.lock import lock_acquire, lock_heartbeat, lock_release, new_token, this_process
from dangjian.jobs.schedule import catch_up, schedule_sync

logger = logging.getLogger(__name__)


_adopted_token = ""


def adopt_lock(token: str) -> None:
    """Let the scheduler of this process hold a lock already taken under ``token`` (by
    ``dangjian beat``, so that losing a race is a message, not a traceback from Celery)."""
    global _adopted_token
    _adopted_token = token


class LockLost(SystemExit):
    """Another scheduler took the lock while this one could not beat (celery beat stops on
    SystemExit)."""


class LockedScheduler(DatabaseScheduler):  # type: ignore[misc]  # django-celery-beat: no types
    """A database scheduler that holds the scheduler lock from set-up to close."""

    _lock_token = ""
    _last_beat = 0.0

    def setup_schedule(self) -> None:
        _drop_stale_connections()
        token = _adopted_token or new_token()
        lock_acquire(token=token, holder=this_process())  # raises LockHeld
        self._lock_token, self._last_beat = token, time.monotonic()
        schedule_sync()
        self._catch_up()
        super().setup_schedule()

    def _catch_up(self) -> None:
        try:
            for missed in catch_up():
                logger.warning("补做错过的定时任务：%s（%s）", job_label(missed.job), missed.period)
        except Exception:  # a broker away for a moment must not keep the schedule from starting
            logger.exception("补做错过的定时任务失败，将在下次启动时再试")

    def tick(self, *args: Any, **kwargs: Any) -> float:
        self._keep_lock()
        interval = super().tick(*args, **kwargs)
        # Wake up often enough to beat well within the lock's time-to-live.
        return float(min(interval, self._beat_every()))

    def close(self) -> None:
        super().close()
        if self._lock_token:
            try:
                lock_release(token=self._lock_token)
            except DatabaseError:  # the lock then expires by itself
                logger.warning("调度锁释放失败，将在 %s 秒后自动失效", settings.SCHEDULER_LOCK_TTL)
            self._lock_token = ""

    def _beat_every(self) -> float:
        return max(1.0, settings.SCHEDULER_LOCK_TTL / 4)

    def _keep_lock(self) -> None:
        if not self._lock_token or time.monotonic() - self._last_beat < self._beat_every():
            return
        _drop_stale_connections()
        try:
            still_ours = lock_heartbeat(token=self._lock_token)
        except DatabaseError as exc:
            # A database away for a moment: keep scheduling; if it stays away past the
            # time-to-live another beat may take over, and the next heartbeat finds that out.
            logger.warning("调度锁心跳写入失败：%s", exc)
            return
        if not still_ours:
            self._lock_token = ""
            raise LockLost("调度锁已被另一个调度器接管，本调度器停止。")
        self._last_beat = time.monotonic()


def _drop_stale_connections() -> None:
    """A long-running beat reconnects when the server dropped its connection (never inside a
    transaction, which is the caller's to end)."""
    if not connection.in_atomic_block:
        close_old_connections()
