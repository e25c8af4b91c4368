"""De-duplication, quiet hours, retries with back-off, and every channel against real local
servers: SMTP (aiosmtpd), the robots' webhooks with their signatures checked, the SMS gateway."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from dangjian.notifications.delivery import deliveries_send
from dangjian.notifications.models import Channel, Delivery, DeliveryStatus, RoleDefault
from dangjian.notifications.recipients import Audience
from dangjian.notifications.services import Message, MessageInvalid, SendResult, notify
from dangjian.notifications.tasks import deliver_due
from tests.factories import Role
from tests.notifications.conftest import FakeRobots, free_port

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0, day: int = 30) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


def reminder(key: str = "development.overdue:2026-12-01") -> Message:
    return Message(kind="development.overdue", category="development", title="发展党员步骤已超期",
                   body="共2项", link="/development/?due=overdue", rules=("DEV-5",),
                   dedupe_key=key)  # fmt: skip


def send_to_branch_a(enterprise: SimpleNamespace, now: datetime, key: str = "k:1") -> SendResult:
    audience = Audience(roles=(Role.SECRETARY,), organization=enterprise.branch_a)
    return notify(actor=None, message=reminder(key), audience=audience, now=now)


@pytest.fixture
def every_channel(people: SimpleNamespace, robots: SimpleNamespace, smtp_server: object,
                  settings: Settings) -> None:  # fmt: skip
    """Secretaries receive development reminders on every channel."""
    for channel in Channel:
        RoleDefault.objects.create(role=Role.SECRETARY, category="development", channel=channel)


def test_the_same_reminder_goes_once_per_channel_however_often_it_is_sent(
    enterprise: SimpleNamespace, every_channel: None, robot_server: FakeRobots
) -> None:
    first = send_to_branch_a(enterprise, at(9))
    again = send_to_branch_a(enterprise, at(10))
    assert dict(first.created) == {"inbox": 1, "email": 1, "wecom": 1, "dingtalk": 1, "feishu": 1}
    assert again.notice_id is None and not again.created and again.duplicates == 5
    assert Delivery.objects.count() == 5


def test_the_database_refuses_a_second_delivery_with_the_same_key(
    enterprise: SimpleNamespace, people: SimpleNamespace
) -> None:
    from django.db import IntegrityError, transaction

    send_to_branch_a(enterprise, at(9))
    row = Delivery.objects.get()
    row.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_a_new_deadline_is_a_new_reminder(
    enterprise: SimpleNamespace, people: SimpleNamespace
) -> None:
    send_to_branch_a(enterprise, at(9), key="development.overdue:2026-12-01")
    later = send_to_branch_a(enterprise, at(9), key="development.overdue:2027-01-01")
    assert later.created["inbox"] == 1


def test_quiet_hours_hold_every_channel_but_the_inbox(
    enterprise: SimpleNamespace, every_channel: None, robot_server: FakeRobots,
    smtp_server: object, settings: Settings,
) -> None:  # fmt: skip
    settings.NOTIFY_QUIET_HOURS = "22:00-07:00"
    send_to_branch_a(enterprise, at(23))
    inbox = Delivery.objects.get(channel=Channel.INBOX)
    assert inbox.status == DeliveryStatus.SENT and inbox.read_at is None
    held = Delivery.objects.exclude(channel=Channel.INBOX)
    assert {d.next_attempt_at for d in held} == {datetime(2026, 12, 1, 7, tzinfo=SHANGHAI)}
    assert deliveries_send(now=at(23, 30)).sent == 0
    assert deliveries_send(now=datetime(2026, 12, 1, 6, 59, tzinfo=SHANGHAI)).sent == 0
    assert robot_server.received == []
    assert deliveries_send(now=datetime(2026, 12, 1, 7, 1, tzinfo=SHANGHAI)).sent == 4


def test_a_retry_due_in_quiet_hours_waits_for_them_to_end(
    enterprise: SimpleNamespace, every_channel: None, robot_server: FakeRobots, settings: Settings
) -> None:
    robot_server.failing.add("/wecom")
    send_to_branch_a(enterprise, at(21, 59))
    deliveries_send(now=at(21, 59))
    settings.NOTIFY_QUIET_HOURS = "22:00-07:00"
    counts = deliveries_send(now=at(22, 30))
    assert counts.sent == 0 and counts.held == 1
    wecom = Delivery.objects.get(channel=Channel.WECOM)
    assert (
        wecom.next_attempt_at == datetime(2026, 12, 1, 7, tzinfo=SHANGHAI) and wecom.attempts == 1
    )


def test_a_channel_returning_500_is_retried_with_back_off_while_the_others_deliver(
    enterprise: SimpleNamespace, every_channel: None, robot_server: FakeRobots, smtp_server: object
) -> None:
    robot_server.failing.add("/dingtalk")
    send_to_branch_a(enterprise, at(9))
    counts = deliveries_send(now=at(9))
    assert (counts.sent, counts.retrying) == (3, 1)
    ding = Delivery.objects.get(channel=Channel.DINGTALK)
    assert ding.status == DeliveryStatus.PENDING and ding.attempts == 1
    assert ding.last_error == "钉钉群返回 HTTP 500"
    assert ding.next_attempt_at == at(9, 1)
    assert deliveries_send(now=at(9, 0) + timedelta(seconds=59)).sent == 0  # backing off
    counts = deliveries_send(now=at(9, 1))  # still failing: waits four times as long
    ding.refresh_from_db()
    assert (counts.retrying, ding.attempts, ding.next_attempt_at) == (1, 2, at(9, 5))
    robot_server.failing.clear()
    assert deliveries_send(now=at(9, 5)).sent == 1
    ding.refresh_from_db()
    assert (ding.status, ding.attempts, ding.last_error) == (DeliveryStatus.SENT, 3, "")
    others = Delivery.objects.exclude(channel=Channel.DINGTALK).values_list("status", "attempts")
    assert set(others) == {(DeliveryStatus.SENT, 1)}


def test_a_delivery_gives_up_after_the_last_attempt(
    enterprise: SimpleNamespace, every_channel: None, robot_server: FakeRobots, settings: Settings
) -> None:
    settings.NOTIFY_MAX_ATTEMPTS = 2
    robot_server.failing.add("/feishu")
    send_to_branch_a(enterprise, at(9))
    deliveries_send(now=at(9))
    counts = deliveries_send(now=at(10))
    feishu = Delivery.objects.get(channel=Channel.FEISHU)
    assert counts.failed == 1 and feishu.status == DeliveryStatus.FAILED and feishu.attempts == 2
    assert deliveries_send(now=at(12)).failed == 0


def test_robots_receive_signed_posts_the_fake_services_accept(
    enterprise: SimpleNamespace, every_channel: None, robot_server: FakeRobots
) -> None:
    send_to_branch_a(enterprise, timezone.now())
    counts = deliveries_send()
    assert counts.errors == [] and counts.sent == 4
    assert all(r["accepted"] for r in robot_server.received)
    ding = robot_server.bodies("/dingtalk")[0]
    assert ding["msgtype"] == "text" and "发展党员步骤已超期" in ding["text"]["content"]
    assert "《中国共产党发展党员工作细则》" in ding["text"]["content"]
    assert robot_server.bodies("/feishu")[0]["msg_type"] == "text"
    assert robot_server.bodies("/wecom")[0]["text"]["content"].startswith(
        "【一支部】发展党员步骤已超期"
    )


def test_a_group_reads_whose_matter_a_reminder_is_and_never_a_person_s_own(
    enterprise: SimpleNamespace, people: SimpleNamespace, every_channel: None,
    robot_server: FakeRobots,
) -> None:  # fmt: skip
    """The daily scan's reminders name no organisation: what a secretary manages reaches
    the group of the branch they hold the role on, headed by its name; what is their own (a
    member's dues) reaches them alone, never a group chat."""
    secretary = Audience(user_ids=(people.secretary_a.pk,))
    notify(actor=None, message=reminder("managed:1"), audience=secretary)
    own = Message(kind="dues.own", category="development", title="本月党费未缴",
                  dedupe_key="own:1", to_groups=False)  # fmt: skip
    result = notify(actor=None, message=own, audience=secretary)
    assert set(result.created) == {Channel.INBOX.value, Channel.EMAIL.value}
    assert deliveries_send().errors == []
    assert robot_server.bodies("/wecom")[0]["text"]["content"].startswith("【一支部】发展党员")
    posted = [r["body"] for r in robot_server.received]
    assert posted and not any("本月党费未缴" in str(body) for body in posted)


def test_a_wrong_signature_is_refused_and_recorded(
    enterprise: SimpleNamespace,
    every_channel: None,
    robots: SimpleNamespace,
    robot_server: FakeRobots,
) -> None:
    robots.dingtalk.secret = "not-the-group-s-secret"
    robots.dingtalk.save(update_fields=["secret"])
    send_to_branch_a(enterprise, timezone.now())
    deliveries_send()
    ding = Delivery.objects.get(channel=Channel.DINGTALK)
    assert ding.status == DeliveryStatus.PENDING and "拒收（310000）" in ding.last_error


def test_e_mail_goes_through_a_real_smtp_server(
    enterprise: SimpleNamespace, people: SimpleNamespace, smtp_server: SimpleNamespace
) -> None:
    RoleDefault.objects.create(role=Role.SECRETARY, category="development", channel=Channel.EMAIL)
    send_to_branch_a(enterprise, timezone.now())
    assert deliveries_send().sent == 1
    [mail] = smtp_server.messages
    assert mail["X-Rcpt"] == "shuji_a@example.test"
    from email.header import decode_header, make_header

    assert "发展党员步骤已超期" in str(make_header(decode_header(mail["Subject"])))
    assert Delivery.objects.get(channel=Channel.EMAIL).status == DeliveryStatus.SENT


def test_an_unreachable_smtp_server_is_recorded_and_retried(
    enterprise: SimpleNamespace, people: SimpleNamespace, settings: Settings
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    RoleDefault.objects.create(role=Role.SECRETARY, category="development", channel=Channel.EMAIL)
    send_to_branch_a(enterprise, at(9))
    assert deliveries_send(now=at(9)).retrying == 1
    mail = Delivery.objects.get(channel=Channel.EMAIL)
    assert mail.status == DeliveryStatus.PENDING and "邮件发送失败" in mail.last_error


def test_sms_goes_through_the_http_template_gateway(
    enterprise: SimpleNamespace,
    people: SimpleNamespace,
    robot_server: FakeRobots,
    settings: Settings,
) -> None:
    settings.SMS_URL = f"{robot_server.url}/sms?to={{phone}}"
    settings.SMS_BODY = '{"mobile": "{phone}", "content": "{text}"}'
    RoleDefault.objects.create(role="member", category="notice", channel=Channel.SMS)
    message = Message(
        kind="notice", category="notice", title='本周五下午召开"支部党员大会"', dedupe_key="n:1"
    )
    notify(
        actor=None,
        message=message,
        audience=Audience(roles=("member",), organization=enterprise.branch_a),
    )
    assert deliveries_send().sent == 2  # 张三 and 赵六, each at the number on their record
    sms = {body["mobile"]: body["content"] for body in robot_server.bodies("/sms")}
    assert "支部党员大会" in sms["13800000001"] and len(sms) == 2


def test_after_commit_the_sending_job_delivers_and_the_sweep_retries(
    enterprise: SimpleNamespace, every_channel: None, robot_server: FakeRobots,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:  # fmt: skip
    """The message's job runs once it commits (in-process here, as Celery runs it eagerly in
    tests); the failing robot waits for the sweep job, which sends it once it is due."""
    robot_server.failing.add("/feishu")
    with django_capture_on_commit_callbacks(execute=True):
        send_to_branch_a(enterprise, timezone.now())
    statuses = dict(Delivery.objects.values_list("channel", "status"))
    assert statuses == {"inbox": "sent", "email": "sent", "wecom": "sent", "dingtalk": "sent",
                        "feishu": "pending"}  # fmt: skip
    robot_server.failing.clear()
    assert deliver_due() == 0  # its back-off has not passed yet
    Delivery.objects.filter(channel=Channel.FEISHU).update(next_attempt_at=timezone.now())
    assert deliver_due() == 1


def test_a_message_without_a_title_is_refused_naming_the_field(
    enterprise: SimpleNamespace, people: SimpleNamespace
) -> None:
    message = Message(kind="notice", category="notice", title="  ", dedupe_key="n:1")
    with pytest.raises(MessageInvalid, match="消息的“标题”不能为空"):
        notify(
            actor=None,
            message=message,
            audience=Audience(roles=("member",), organization=enterprise.branch_a),
        )
    assert not Delivery.objects.exists()
