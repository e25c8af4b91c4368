"""The member's phone home, the author's pages, and the installable web app (manifest,
service worker, offline page)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import DjangoAssertNumQueries, Settings

from dangjian.documents.models import Attachment
from dangjian.dues.ledger import ledger_generate
from dangjian.meetings.inputs import MeetingInput
from dangjian.meetings.services import meeting_plan
from dangjian.members.models import Member
from dangjian.portal.home import portal_home
from dangjian.portal.models import Bulletin, CorrectionRequest
from dangjian.rules.dates import YearMonth
from dangjian.rules.meetings.kinds import MeetingKind
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db


def test_the_portal_shows_todos_notices_record_and_the_assistant(
    notice_a: Bulletin, member_a_user: User, login: Callable[[User], Client]
) -> None:
    page = login(member_a_user).get("/portal/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-kind="bulletin"' in html and "阅读通知：一支部通知" in html
    for part in ('id="my-dues"', 'id="my-meetings"', 'id="political-birthday"',
                 'id="my-record"', 'href="/assistant/"', 'rel="manifest"'):  # fmt: skip
        assert part in html, part
    # The phone number is masked on the page.
    phone = Member.objects.get(user=member_a_user).phone
    assert phone and phone not in html


def test_the_leap_day_joiner_sees_the_birthday_on_28_february(
    enterprise: SimpleNamespace,
) -> None:
    member = make_member(enterprise.branch_a, joined_on=date(2004, 2, 29),
                         confirmed_on=date(2005, 3, 1), applied_on=date(2003, 3, 1))  # fmt: skip
    user = make_user("runnian", member=member)
    home = portal_home(user, date(2025, 2, 1))
    assert home.birthday is not None
    assert (home.birthday.on, home.birthday.years) == (date(2025, 2, 28), 21)


def test_an_account_without_a_member_record_has_no_portal(
    secretary_a: User, login: Callable[[User], Client]
) -> None:
    assert login(secretary_a).get("/portal/").status_code == 404


def test_the_correction_form_refuses_in_chinese_and_writes_nothing(
    member_a_user: User, login: Callable[[User], Client]
) -> None:
    client = login(member_a_user)
    page = client.post("/portal/corrections/new/",
                       {"field": "birth_date", "proposed_value": "1985年3月9日", "reason": "有误"})  # fmt: skip
    assert page.status_code == 400
    assert "出生日期格式不正确" in page.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_the_secretary_approves_from_the_page(
    member_a: Member, member_a_user: User, secretary_a: User, login: Callable[[User], Client]
) -> None:
    client = login(member_a_user)
    made = client.post("/portal/corrections/new/",
                       {"field": "work_unit", "proposed_value": "检修分公司", "reason": "调岗"})  # fmt: skip
    assert made.status_code == 302
    client = login(secretary_a)
    listed = client.get("/portal/corrections/").content.decode()
    assert "检修分公司" in listed
    asked = CorrectionRequest.objects.get()
    client.post(f"/portal/corrections/{asked.pk}/approve/")
    member_a.refresh_from_db()
    assert member_a.work_unit == "检修分公司"


def test_the_author_writes_to_their_branch_only_and_sees_the_receipts(
    secretary_a: User, enterprise: SimpleNamespace, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    client = login(secretary_a)
    today = timezone.localdate().isoformat()
    made = client.post("/portal/notices/new/", {"organization": enterprise.branch_a.pk,
                       "title": "学习通知", "body": "请学习", "published_on": today})  # fmt: skip
    bulletin = Bulletin.objects.get()
    assert (
        made.status_code == 302 and made["Location"] == f"/portal/notices/{bulletin.pk}/receipts/"
    )
    receipts = client.get(made["Location"]).content.decode()
    assert 'id="unread-count">1<' in receipts and "张三" in receipts
    refused = client.post("/portal/notices/new/", {"organization": enterprise.branch_b.pk,
                          "title": "越权", "body": "x", "published_on": today})  # fmt: skip
    assert refused.status_code == 200 and "不是有效的选项" in refused.content.decode()
    assert Bulletin.objects.count() == 1


def test_the_manifest_names_the_app_and_its_committed_icons(client: Client) -> None:
    response = client.get("/portal/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    data = json.loads(response.content)
    assert data["name"] == "智慧党建" and data["start_url"] == "/portal/"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert sizes == {"192x192", "512x512"}
    for icon in data["icons"]:
        png = client.get(icon["src"])
        assert png.status_code == 200
        assert b"".join(png.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"  # type: ignore[attr-defined]


def test_the_service_worker_caches_only_the_offline_page_and_static_files(client: Client) -> None:
    response = client.get("/portal/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    script = response.content.decode()
    found = re.search(r"const PRECACHE = (\[.*?\]);", script)
    assert found is not None
    cached = json.loads(found.group(1))
    assert "/portal/offline/" in cached
    assert all(url == "/portal/offline/" or url.startswith("/static/") for url in cached)
    assert "caches.match(OFFLINE)" in script


def test_the_offline_page_is_served_without_login_and_holds_no_member_data(
    client: Client, member_a: Member
) -> None:
    response = client.get("/portal/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "暂时无法连接" in html and member_a.name not in html


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    """Attachments stored under a temporary folder (real files, the storage API)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def test_a_notice_attachment_is_downloaded_by_its_readers_only(
    notice_a: Bulletin, secretary_a: User, member_a_user: User, member_b_user: User,
    media: Path, client: Client,
) -> None:  # fmt: skip
    client.force_login(secretary_a)
    icon = Path(__file__).parents[2] / "dangjian/static/portal/icon-192.png"
    with icon.open("rb") as upload:
        client.post(f"/portal/notices/{notice_a.pk}/attach/", {"file": upload})
    attachment = Attachment.objects.get(owner_kind="bulletin", owner_id=notice_a.pk)
    url = f"/documents/attachments/{attachment.pk}/"
    client.force_login(member_a_user)
    assert client.get(url).status_code == 200
    assert url in client.get(f"/portal/notices/{notice_a.pk}/").content.decode()
    client.force_login(member_b_user)
    assert client.get(url).status_code == 404
    client.force_login(member_a_user)
    assert client.post(f"/portal/notices/{notice_a.pk}/attach/").status_code == 404


def test_the_receipts_page_reads_in_a_fixed_number_of_queries(
    notice_a: Bulletin, secretary_a: User, enterprise: SimpleNamespace, client: Client,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:  # fmt: skip
    client.force_login(secretary_a)
    url = f"/portal/notices/{notice_a.pk}/receipts/"
    make_member(enterprise.branch_a)
    client.get(url)  # sessions and scope warmed
    with django_assert_max_num_queries(20):
        few = client.get(url)
    for _ in range(15):
        make_member(enterprise.branch_a)
    with django_assert_max_num_queries(20):
        many = client.get(url)
    assert few.status_code == many.status_code == 200
    assert 'id="unread-count">16<' in many.content.decode()


def test_dues_not_paid_this_month_are_a_todo_with_the_amount(enterprise: SimpleNamespace) -> None:
    """A 农牧渔民 member's flat dues (DUES-5) generated for this month and not yet paid."""
    farmer = make_member(enterprise.branch_a, dues_category="farmer", name="田七")
    user = make_user("nongmin", member=farmer)
    today = timezone.localdate()
    ledger_generate(actor=None, month=YearMonth(today.year, today.month))
    home = portal_home(user, today)
    dues = [t for t in home.todos if t.kind == "dues"]
    assert len(dues) == 1 and "1个月未交清" in dues[0].detail
    assert home.dues_month.entry is not None and home.dues_month.entry.owed


def test_a_meeting_to_attend_is_a_todo_for_its_branch_only(
    member_a: Member, member_a_user: User, member_b_user: User, secretary_a: User,
    enterprise: SimpleNamespace,
) -> None:  # fmt: skip
    today = timezone.localdate()
    starts = timezone.make_aware(datetime.combine(today + timedelta(days=3), time(15, 0)))
    meeting_plan(actor=secretary_a, data=MeetingInput(
        organization_id=enterprise.branch_a.pk, kinds=(MeetingKind.THEME_DAY.value,), topic="十二月主题党日",
        starts_at=starts, ends_at=starts + timedelta(hours=2), place="三楼会议室",
    ))  # fmt: skip
    todos = [t.title for t in portal_home(member_a_user, today).todos if t.kind == "meeting"]
    assert todos == ["参加会议：十二月主题党日"]
    assert not [t for t in portal_home(member_b_user, today).todos if t.kind == "meeting"]
