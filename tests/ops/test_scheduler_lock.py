"""The scheduler lock: one live holder per database; a crashed holder's lock expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django import Settings

from dangjian.jobs.lock import (
    LockHeld,
    lock_acquire,
    lock_heartbeat,
    lock_release,
    lock_state,
    new_token,
)
from dangjian.jobs.scheduler import LockedScheduler, LockLost

pytestmark = pytest.mark.django_db


def test_a_second_holder_is_refused_and_told_who_holds_it(settings: Settings) -> None:
    first, second = new_token(), new_token()
    lock_acquire(token=first, holder="服务器甲 进程 100")
    with pytest.raises(LockHeld, match="服务器甲 进程 100"):
        lock_acquire(token=second, holder="服务器乙 进程 200")
    assert lock_state().holder == "服务器甲 进程 100"
    assert lock_state().alive


def test_the_holder_may_take_its_own_lock_again() -> None:
    token = new_token()
    lock_acquire(token=token, holder="甲")
    lock_acquire(token=token, holder="甲")
    assert lock_state().alive


def test_a_crashed_holders_lock_expires_after_the_ttl(settings: Settings) -> None:
    settings.SCHEDULER_LOCK_TTL = 60
    start = timezone.now()
    lock_acquire(token=new_token(), holder="已崩溃", now=start)
    with pytest.raises(LockHeld):
        lock_acquire(token=new_token(), holder="新", now=start + timedelta(seconds=59))
    lock_acquire(token=new_token(), holder="新", now=start + timedelta(seconds=61))
    assert lock_state(now=start + timedelta(seconds=61)).holder == "新"


def test_heartbeats_keep_the_lock_and_a_taken_over_lock_is_noticed(settings: Settings) -> None:
    settings.SCHEDULER_LOCK_TTL = 60
    start = timezone.now()
    mine = new_token()
    lock_acquire(token=mine, holder="甲", now=start)
    assert lock_heartbeat(token=mine, now=start + timedelta(seconds=50))
    with pytest.raises(LockHeld):  # beat at 50 s: still alive at 100 s
        lock_acquire(token=new_token(), holder="乙", now=start + timedelta(seconds=100))
    lock_acquire(token=new_token(), holder="乙", now=start + timedelta(seconds=111))
    assert not lock_heartbeat(token=mine, now=start + timedelta(seconds=112))


def test_a_released_lock_is_free_at_once() -> None:
    token = new_token()
    lock_acquire(token=token, holder="甲")
    lock_release(token=token)
    assert not lock_state().alive
    lock_acquire(token=new_token(), holder="乙")


def test_release_by_a_former_holder_leaves_the_new_holder_alone(settings: Settings) -> None:
    settings.SCHEDULER_LOCK_TTL = 60
    start = timezone.now()
    old = new_token()
    lock_acquire(token=old, holder="甲", now=start)
    lock_acquire(token=new_token(), holder="乙", now=start + timedelta(seconds=61))
    lock_release(token=old)
    assert lock_state(now=start + timedelta(seconds=62)).holder == "乙"


@pytest.mark.django_db(transaction=True)  # the scheduler reconnects, as a long-running beat does
def test_the_beat_scheduler_takes_the_lock_and_stops_when_it_is_lost(settings: Settings) -> None:
    from dangjian.celery import app

    settings.SCHEDULER_LOCK_TTL = 4  # beats every second
    scheduler = LockedScheduler(app=app)
    assert lock_state().alive
    with pytest.raises(LockHeld):
        LockedScheduler(app=app)
    # Another scheduler takes over (as it would after this one stalled past the TTL).
    later = timezone.now() + timedelta(seconds=5)
    lock_acquire(token=new_token(), holder="接管者", now=later)
    scheduler._last_beat -= 10
    with pytest.raises(LockLost):
        scheduler.tick()
    scheduler.close()
    assert lock_state(now=later).holder == "接管者"
