"""A real local HTTP server standing in for the robots (checking their signatures as the
services document them) and the SMS gateway, and a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message as EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.contrib.auth.models import User
from pytest_django.fixtures import Settings

from dangjian.notifications.models import Channel, Robot
from tests.factories import Role, make_member, make_user

DING_SECRET = "SEC-ding-测试"
FEISHU_SECRET = "feishu-secret"


@dataclass
class FakeRobots:
    """What the server received, and the paths it answers with HTTP 500."""

    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)

    def bodies(self, path: str) -> list[dict[str, Any]]:
        return [r["body"] for r in self.received if r["path"] == path and r["accepted"]]


def _ding_ok(query: dict[str, list[str]]) -> bool:
    """钉钉: sign = urlencode(base64(HmacSHA256(secret, timestamp + "\\n" + secret))), the
    timestamp in milliseconds and within an hour of now."""
    stamp, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
    if not stamp or abs(int(stamp) - time.time() * 1000) > 3600_000:
        return False
    mac = hmac.new(DING_SECRET.encode(), f"{stamp}\n{DING_SECRET}".encode(), hashlib.sha256)
    return hmac.compare_digest(base64.b64encode(mac.digest()).decode(), unquote(sign))


def _feishu_ok(body: dict[str, Any]) -> bool:
    """飞书: sign = base64(HmacSHA256(key=timestamp + "\\n" + secret, msg="")), seconds."""
    stamp = str(body.get("timestamp", ""))
    if not stamp or abs(int(stamp) - time.time()) > 3600:
        return False
    key = f"{stamp}\n{FEISHU_SECRET}".encode()
    expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, str(body.get("sign", "")))


def _handler(state: FakeRobots) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.loads(raw or b"{}")
            if parts.path in state.failing:
                state.received.append({"path": parts.path, "body": body, "accepted": False})
                return self._answer(500, {"errcode": -1, "errmsg": "server error"})
            ok = {"/dingtalk": lambda: _ding_ok(parse_qs(parts.query)),
                  "/feishu": lambda: _feishu_ok(body)}.get(parts.path, lambda: True)()  # fmt: skip
            state.received.append({"path": parts.path, "body": body, "accepted": ok})
            if parts.path == "/feishu":
                return self._answer(
                    200, {"code": 0 if ok else 19021, "msg": "ok" if ok else "sign match fail"}
                )
            self._answer(
                200, {"errcode": 0 if ok else 310000, "errmsg": "ok" if ok else "sign not match"}
            )

        def _answer(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def robot_server() -> Iterator[FakeRobots]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    state = FakeRobots(url=f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler(state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def free_port() -> int:
    """A port free now (aiosmtpd's controller connects to its port to see it is up, so it
    needs a real number, not 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Collect:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        message = message_from_bytes(content)
        message["X-Rcpt"] = ",".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"


@pytest.fixture
def smtp_server(settings: Settings) -> Iterator[_Collect]:
    """A real SMTP server on a free local port; the platform's settings point at it."""
    handler = _Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield handler
    controller.stop()


@pytest.fixture
def robots(enterprise: SimpleNamespace, robot_server: FakeRobots) -> SimpleNamespace:
    """Branch A's groups on all three services; branch B's DingTalk group."""
    a = enterprise.branch_a
    return SimpleNamespace(
        wecom=Robot.objects.create(channel=Channel.WECOM, name="一支部企业微信群", organization=a,
                                   url=f"{robot_server.url}/wecom?key=k"),
        dingtalk=Robot.objects.create(channel=Channel.DINGTALK, name="一支部钉钉群", organization=a,
                                      url=f"{robot_server.url}/dingtalk?access_token=t", secret=DING_SECRET),
        feishu=Robot.objects.create(channel=Channel.FEISHU, name="一支部飞书群", organization=a,
                                    url=f"{robot_server.url}/feishu", secret=FEISHU_SECRET),
        dingtalk_b=Robot.objects.create(channel=Channel.DINGTALK, name="二支部钉钉群",
                                        organization=enterprise.branch_b,
                                        url=f"{robot_server.url}/dingtalk-b", secret=DING_SECRET),
    )  # fmt: skip


@pytest.fixture
def people(enterprise: SimpleNamespace) -> SimpleNamespace:
    """Branch A's secretary (with e-mail), branch B's secretary, the 党总支 administrator, the
    administrator of 三支部's 党委 line, and two members of branch A, one of branch B."""
    secretary_a = make_user("shuji_a", Role.SECRETARY, enterprise.branch_a)
    secretary_a.email = "shuji_a@example.test"
    secretary_a.save(update_fields=["email"])
    member_a = make_member(enterprise.branch_a, name="张三", phone="13800000001")
    member_a2 = make_member(enterprise.branch_a, name="赵六")
    member_b = make_member(enterprise.branch_b, name="李四")
    return SimpleNamespace(
        secretary_a=secretary_a,
        secretary_b=make_user("shuji_b", Role.SECRETARY, enterprise.branch_b),
        secretary_c=make_user("shuji_c", Role.SECRETARY, enterprise.branch_c),
        general_admin=make_user("zongzhi", Role.ORG_ADMIN, enterprise.general),
        member_a=make_user("dangyuan_a", member=member_a),
        member_a2=make_user("dangyuan_a2", member=member_a2),
        member_b=make_user("dangyuan_b", member=member_b),
    )


def users_of(rows: Any) -> set[str]:
    return {User.objects.get(pk=pk).username for pk in rows}
