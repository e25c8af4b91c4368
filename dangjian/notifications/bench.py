"""Benchmarks of notifications (a command, not tests; ratios in one run, not seconds).

*Fan-out*: one notice to every member of a 党委 (100,000 with the default size) through
``notify`` — recipients resolved, choices read, duplicates looked up, inbox rows written —
against one bulk INSERT of the very same rows (``core.rawinsert.write_rows``: one prepared
statement on SQLite, COPY on PostgreSQL), built before the clock starts. Target: at most 3.

*Webhook*: 1,000 DingTalk messages (signed) to a local fake robot through ``deliveries_send``
— claim, sign, post, record — against a bare ``httpx.Client`` loop posting the same bodies to
the same server over the same keep-alive connection. Target: at most 2.
"""

from __future__ import annotations

import json
import multiprocessing
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from typing import Any

import httpx
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from dangjian.core.rawinsert import write_rows
from dangjian.members.models import Member
from dangjian.notifications.channels import robot_post
from dangjian.notifications.delivery import deliveries_send
from dangjian.notifications.models import Channel, Delivery, Notice, Robot
from dangjian.notifications.recipients import Audience
from dangjian.notifications.services import COLUMNS, Message, notify
from dangjian.orgs.models import Organization


@dataclass
class Ratio:
    """Median seconds of the platform's way and of the baseline, and their ratio."""

    name: str
    rows: int
    times: list[float] = field(default_factory=list)
    baseline_times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def baseline_median(self) -> float:
        return statistics.median(self.baseline_times)

    @property
    def ratio(self) -> float:
        return self.median / self.baseline_median


def link_users(out: Callable[[str], None]) -> int:
    """A login for every member without one (username "bench<member id>", no usable password),
    written in bulk; returns how many members have a login now."""
    now = timezone.now()
    # A list, not an iterator: on PostgreSQL the rows go out by COPY on this same connection,
    # which cannot fetch from a cursor meanwhile.
    missing = list(Member.objects.filter(user__isnull=True).values_list("pk", flat=True))
    rows = (("!", False, f"bench{pk}", "", "", "", False, True, now) for pk in missing)
    cols = ("password", "is_superuser", "username", "first_name", "last_name", "email",
            "is_staff", "is_active", "date_joined")  # fmt: skip
    made = write_rows(User._meta.db_table, cols, rows)
    member_t, user_t = Member._meta.db_table, User._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {member_t} SET user_id = (SELECT u.id FROM {user_t} u WHERE u.username = "
            f"'bench' || CAST({member_t}.id AS VARCHAR(20))) WHERE user_id IS NULL"
        )
    out(f"  新建登录账号{made}个")
    return Member.objects.filter(user__isnull=False).count()


def _clear() -> None:
    with transaction.atomic():
        Delivery.objects.all().delete()
        Notice.objects.all().delete()


def _timed(work: Callable[[], Any]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def fan_out(root: Organization, runs: int, out: Callable[[str], None]) -> Ratio:
    """``notify`` to every member of ``root``'s subtree against write_rows of the same rows."""
    result = Ratio("fan-out", 0)
    for n in range(runs):
        _clear()
        message = Message(kind="notice", category="notice", title="关于开展主题党日活动的通知",
                          dedupe_key=f"bench:{n}")  # fmt: skip
        audience = Audience(roles=("member",), organization=root)
        result.times.append(_timed(partial(notify, actor=None, message=message, audience=audience)))
        same = _same_rows()
        result.rows = len(same)
        _clear()
        notice = Notice.objects.create(kind="notice", category="notice", title=message.title)
        same = [(notice.pk, *row[1:]) for row in same]
        table = Delivery._meta.db_table
        result.baseline_times.append(_timed(partial(_insert, table, same)))
        out(f"  第{n + 1}轮：通知{result.times[-1]:.2f}秒，"
            f"批量INSERT {result.baseline_times[-1]:.2f}秒（{len(same)}行）")  # fmt: skip
    _clear()
    return result


def _insert(table: str, rows: list[tuple[Any, ...]]) -> None:
    """The baseline: the rows in one transaction, as ``notify`` writes them."""
    with transaction.atomic():
        write_rows(table, COLUMNS, iter(rows))


def _same_rows() -> list[tuple[Any, ...]]:
    """The rows ``notify`` wrote, as the values the driver takes (times as the ORM sends them)."""
    adapt = connection.ops.adapt_datetimefield_value
    rows = Delivery.objects.order_by("pk").values_list(*COLUMNS)
    times = {COLUMNS.index(c) for c in ("next_attempt_at", "sent_at", "created_at")}
    return [tuple(adapt(v) if i in times and v else v for i, v in enumerate(row)) for row in rows]


class _Robot(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real robot endpoint serves
    disable_nagle_algorithm = True  # headers and body leave at once, no delayed-ACK stall

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        data = b'{"errcode":0,"errmsg":"ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


def _serve(port_out: Connection) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Robot)
    port_out.send(server.server_address[1])
    server.serve_forever()


@contextmanager
def fake_robot() -> Iterator[str]:
    """A local HTTP server answering like a robot, in a process of its own (a thread would
    share the interpreter's lock with the client and time the lock, not the posts); yields its
    base URL."""
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=_serve, args=(send,), daemon=True)
    process.start()
    try:
        if not receive.poll(30):
            raise RuntimeError("本地模拟机器人服务未能启动")
        yield f"http://127.0.0.1:{receive.recv()}"
    finally:
        process.terminate()
        process.join(10)


def webhook(root: Organization, messages: int, runs: int, out: Callable[[str], None]) -> Ratio:
    result = Ratio("webhook", messages)
    with fake_robot() as base, httpx.Client(timeout=10) as client:
        robot = Robot.objects.create(channel=Channel.DINGTALK, name="基准测试群", organization=root,
                                     url=f"{base}/robot/send?access_token=bench", secret="SEC-bench")  # fmt: skip
        _pending(robot, 10, -1)
        deliveries_send(client=client)  # warm up: the connection, the first signatures
        for n in range(runs):
            _clear()
            _pending(robot, messages, n)
            result.times.append(_timed(partial(deliveries_send, client=client)))
            sent = Delivery.objects.filter(status="sent").count()
            if sent != messages:
                raise AssertionError(f"应发送{messages}条，实际{sent}条")
            posts = [robot_post(robot, d.notice) for d in Delivery.objects.select_related("notice")]
            bodies = [json.dumps(p.body, ensure_ascii=False).encode() for p in posts]
            result.baseline_times.append(_timed(partial(_bare_loop, client, posts[0].url, bodies)))
            out(f"  第{n + 1}轮：投递{result.times[-1]:.2f}秒，"
                f"裸HTTP循环{result.baseline_times[-1]:.2f}秒（{messages}条）")  # fmt: skip
        _clear()
        robot.delete()
    return result


def _bare_loop(client: httpx.Client, url: str, bodies: list[bytes]) -> None:
    headers = {"Content-Type": "application/json"}
    for body in bodies:
        client.post(url, content=body, headers=headers).raise_for_status()


def _pending(robot: Robot, messages: int, n: int) -> None:
    now = timezone.now()
    notices = Notice.objects.bulk_create(
        Notice(
            kind="notice",
            category="notice",
            title=f"第{i + 1}号提醒：本月组织生活待召开",
            body="共3项",
        )
        for i in range(messages)
    )
    Delivery.objects.bulk_create(
        Delivery(notice=notice, channel=Channel.DINGTALK, robot=robot, target=f"robot:{robot.pk}",
                 dedupe_key=f"bench:{n}:{notice.pk}", created_at=now)
        for notice in notices
    )  # fmt: skip
