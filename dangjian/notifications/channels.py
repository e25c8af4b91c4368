"""The channels' senders: e-mail through Django's backend, the three group robots over HTTP
with their signing, SMS through the configured gateway. Each raises ``DeliveryError`` with a
Chinese message; ``permanent`` errors (no address, a refused configuration) are not retried.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from urllib.parse import quote

import httpx
from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from dangjian.notifications.models import Channel, Notice, Robot
from dangjian.rules.notifications import QuietHours, dingtalk_sign, feishu_sign


class DeliveryError(Exception):
    """One attempt failed; ``permanent`` when another attempt cannot succeed."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def quiet_hours() -> QuietHours | None:
    """The deployment's quiet hours (``NOTIFY_QUIET_HOURS``), None when there are none."""
    return QuietHours.parse(settings.NOTIFY_QUIET_HOURS)


def message_text(notice: Notice) -> str:
    """The plain text every outside channel carries (Chinese): title, body, deadline, the
    regulation it serves and the link."""
    lines = [notice.title]
    if notice.body:
        lines.append(notice.body)
    if notice.due_on:
        lines.append(f"截止日期：{notice.due_on.isoformat()}")
    if notice.citation:
        lines.append(f"依据：{notice.citation}")
    if notice.link:
        lines.append(f"查看：{settings.NOTIFY_SITE_URL}{notice.link}")
    return "\n".join(lines)


def send_email(connection: BaseEmailBackend, address: str, notice: Notice) -> None:
    """One e-mail through ``connection`` (opened once per batch by the caller)."""
    if not address:
        raise DeliveryError("该用户未登记电子邮箱", permanent=True)
    mail = EmailMessage(
        subject=f"【智慧党建】{notice.title}",
        body=message_text(notice),
        to=[address],
        connection=connection,
    )
    try:
        mail.send()
    except Exception as exc:  # smtplib's errors, OSError, timeouts: all one failed attempt
        raise DeliveryError(f"邮件发送失败：{type(exc).__name__}: {exc}") from exc


@dataclass(frozen=True)
class RobotPost:
    """The request a robot takes: where, and the JSON body."""

    url: str
    body: dict[str, object]


def robot_text(robot: Robot, notice: Notice) -> str:
    """What a group reads: "【一支部】" (whose matter it is: the organisation the message names,
    else, for a reminder of what a secretary manages, the group's own organisation), then
    the message's text."""
    concerns = notice.organization or robot.organization
    return f"【{concerns.name}】{message_text(notice)}"


def robot_post(robot: Robot, notice: Notice, *, now: float | None = None) -> RobotPost:
    """The signed request for ``robot`` (企业微信: the key is in the URL and there is no
    signature; 钉钉: timestamp and sign in the query; 飞书: timestamp and sign in the body)."""
    now = time.time() if now is None else now
    text, secret, url = robot_text(robot, notice), robot.secret or "", robot.url or ""
    if robot.channel == Channel.WECOM:
        return RobotPost(url, {"msgtype": "text", "text": {"content": text}})
    if robot.channel == Channel.DINGTALK:
        if secret:
            stamp = int(now * 1000)
            sign = quote(dingtalk_sign(secret, stamp), safe="")
            url += f"{'&' if '?' in url else '?'}timestamp={stamp}&sign={sign}"
        return RobotPost(url, {"msgtype": "text", "text": {"content": text}})
    body: dict[str, object] = {"msg_type": "text", "content": {"text": text}}
    if secret:
        stamp = int(now)
        body |= {"timestamp": str(stamp), "sign": feishu_sign(secret, stamp)}
    return RobotPost(url, body)


def post_robot(client: httpx.Client, robot: Robot, notice: Notice) -> None:
    """POST to the robot; an HTTP error status or a non-zero ``errcode``/``code`` fails."""
    post = robot_post(robot, notice)
    try:
        response = client.post(post.url, json=post.body)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"{robot.get_channel_display()}连接失败：{exc}") from exc
    if response.status_code >= 400:
        raise DeliveryError(f"{robot.get_channel_display()}返回 HTTP {response.status_code}")
    _check_answer(robot, response)


def _check_answer(robot: Robot, response: httpx.Response) -> None:
    try:
        answer = response.json()
    except json.JSONDecodeError:
        return  # a proxy's plain "ok": the status said it was taken
    if not isinstance(answer, dict):
        return
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode", 0)))
    if code not in (0, None):
        reason = answer.get("errmsg") or answer.get("msg") or answer.get("StatusMessage") or ""
        raise DeliveryError(f"{robot.get_channel_display()}拒收（{code}）：{reason}")
