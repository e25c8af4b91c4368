"""发展党员 in a real browser: one person from application to full membership, the 支部大会
tallies marked member by member, the 党委's steps by its administrator, one refused step."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from dangjian.development.models import Applicant, FormNumberRange
from dangjian.members.models import Member
from dangjian.rules.idcard import make_id_number
from tests.browser.conftest import log_in, shot
from tests.browser_support import chinese_context
from tests.development.support import voters
from tests.factories import Role, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committee_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A second browser for the 党委's organisation administrator."""
    context = chinese_context(browser, viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def _go(page: Page, path: str) -> None:
    page.goto(page.base_url + path)  # type: ignore[attr-defined]  # set by the page fixture


def _step(page: Page, applicant: Applicant, code: str, on: str, **fields: str) -> None:
    """Open the step's form from the dossier's button, fill the date and ``fields``, record."""
    _go(page, f"/development/{applicant.pk}/")
    page.click(f"#next-steps a[data-code='{code}']")
    page.fill("#id_happened_on", on)
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)


def _record(page: Page, applicant: Applicant, code: str) -> None:
    page.click("#step-form button[name=record]")
    expect(page.locator(f"#timeline li[data-code='{code}']").last).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("已记录")


def _tally(page: Page, on: str, present: list[Member], absent: list[Member], yes: str) -> None:
    page.fill("#id_happened_on", on)
    # The date's change reloads the voters of that day (HTMX); wait until it has settled.
    page.wait_for_load_state("networkidle")
    year, month, day = (int(p) for p in on.split("-"))
    expect(page.locator("#tally legend")).to_contain_text(f"{year}年{month}月{day}日")
    for m in present:
        page.check(f"input[name='att_{m.pk}'][value='present']")
    for m in absent:
        page.check(f"input[name='att_{m.pk}'][value='absent']")
    page.fill("#id_yes", yes)
    page.fill("#id_performance", "政治立场坚定，工作积极，表现突出")


def test_application_to_full_membership_in_the_browser(
    page: Page, committee_page: Page, phone_page: Page, enterprise: SimpleNamespace
) -> None:
    make_user("shuji_a", Role.SECRETARY, enterprise.branch_a)
    make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)
    members = voters(enterprise.branch_a, 5)
    FormNumberRange.objects.create(organization=enterprise.root, first=37000001, last=37000500)
    log_in(page, "shuji_a")
    log_in(committee_page, "dangwei_admin")

    # Step 1: the application, through the menu and the form.
    page.click("nav.sidebar >> text=发展党员")
    page.click("#new-applicant")
    page.fill("#id_name", "赵小明")
    page.select_option("#id_gender", "M")
    page.fill("#id_birth_date", "1998-05-01")
    page.fill("#id_id_number", make_id_number("110102", date(1998, 5, 1), 7, "M"))
    page.select_option("#id_education", "bachelor")
    page.select_option("#id_occupation", "professional")
    page.select_option("#id_organization_id", str(enterprise.branch_a.pk))
    page.fill("#id_applied_on", "2023-03-01")
    page.fill("#id_received_on", "2023-03-03")
    page.fill("#id_phone", "13712345678")
    page.click("#applicant-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("赵小明")
    person = Applicant.objects.get(name="赵小明")
    expect(page.locator("#id-number")).to_contain_text("*")

    _step(page, person, "talk", "2023-03-20", talker="王书记")
    _record(page, person, "talk")
    _step(page, person, "designate_activist", "2023-04-10")
    page.check("input[name=recommendation][value=members]")
    page.check("input[name=decided_by][value=branch_assembly]")
    _record(page, person, "designate_activist")
    _step(page, person, "file_activist", "2023-04-12")
    _record(page, person, "file_activist")
    _step(page, person, "assign_contacts", "2023-04-15")
    page.check(f"input[name=contact_ids][value='{members[0].pk}']")
    page.check(f"input[name=contact_ids][value='{members[1].pk}']")
    _record(page, person, "assign_contacts")
    for on in ("2023-10-01", "2024-03-20"):
        _step(page, person, "assess", on)
        _record(page, person, "assess")
    _step(page, person, "designate_candidate", "2024-05-20", consented_on="2024-05-06",
          notice_starts_on="2024-05-08", notice_ends_on="2024-05-14")  # fmt: skip
    for opinion in ("party_group", "contact_persons", "members", "public"):
        page.check(f"input[name=opinions][value={opinion}]")
    page.select_option("#id_notice_place", "work")
    shot(page, "development-step-candidate")
    _record(page, person, "designate_candidate")
    _step(page, person, "file_candidate", "2024-05-22")
    _record(page, person, "file_candidate")
    _step(page, person, "name_sponsors", "2024-05-25")
    page.check(f"input[name=sponsor_ids][value='{members[0].pk}']")
    page.check(f"input[name=sponsor_ids][value='{members[1].pk}']")
    _record(page, person, "name_sponsors")
    _step(page, person, "political_review", "2024-07-01")
    page.check("input[name=review_passed][value=yes]")
    _record(page, person, "political_review")
    _step(committee_page, person, "training", "2024-08-01", training_days="3")
    _record(committee_page, person, "training")
    _step(page, person, "committee_review", "2024-08-15")
    _record(page, person, "committee_review")
    _step(committee_page, person, "pre_review", "2024-08-20")
    _record(committee_page, person, "pre_review")
    _step(page, person, "application_form", "2024-08-25", form_number="0037000042")
    _record(page, person, "application_form")

    # Step 15, refused first: 3 of 5 present, 2 yes is not more than half of the entitled.
    _step(page, person, "admission_meeting", "2024-09-10")
    _tally(page, "2024-09-10", members[:3], members[3:], yes="2")
    page.click("#step-form button[name=record]")
    expect(page.locator("#refusal")).to_contain_text("依据《")
    expect(page.locator("#refusal")).to_contain_text("第二十条")
    shot(page, "development-refused-tally")
    _tally(page, "2024-09-10", members[:4], members[4:], yes="4")
    _record(page, person, "admission_meeting")
    expect(page.locator("#timeline")).to_contain_text("应到有表决权党员5人，实到4人")

    _step(committee_page, person, "committee_talk", "2024-09-20", talker="组织员李")
    _record(committee_page, person, "committee_talk")
    _step(committee_page, person, "approve_admission", "2024-10-08")
    _record(committee_page, person, "approve_admission")
    expect(committee_page.locator("#stage")).to_contain_text("预备党员")
    expect(committee_page.locator("#member-link")).to_be_visible()

    _step(page, person, "oath", "2024-10-20")
    _record(page, person, "oath")
    _step(page, person, "apply_full", "2025-08-20")
    _record(page, person, "apply_full")
    _step(page, person, "confirmation_meeting", "2025-09-12")
    _tally(page, "2025-09-12", members, [], yes="5")
    expect(page.locator("#tally .without-vote")).to_contain_text("赵小明")
    _record(page, person, "confirmation_meeting")
    _step(committee_page, person, "confirm", "2025-10-09")
    _record(committee_page, person, "confirm")
    expect(committee_page.locator("#stage")).to_contain_text("正式党员")
    member_id = Applicant.objects.get(pk=person.pk).member_id
    assert member_id is not None
    member = Member.objects.get(pk=member_id)
    assert (str(member.joined_on), str(member.confirmed_on)) == ("2024-09-10", "2025-09-10")

    _go(page, f"/development/{person.pk}/")
    shot(page, "development-dossier")
    log_in(phone_page, "shuji_a")
    _go(phone_page, f"/development/{person.pk}/")
    expect(phone_page.locator("#timeline li")).to_have_count(22)
    shot(phone_page, "development-dossier-phone")


def test_pipeline_lists_overdue_first(
    page: Page, phone_page: Page, enterprise: SimpleNamespace, secretary_a: User
) -> None:
    from tests.development.support import applicant_input, applicant_register

    for _ in range(3):
        applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    log_in(page, "shuji_a")
    _go(page, "/development/?due=overdue")
    expect(page.locator("#pipeline-count")).to_have_text("3")
    expect(page.locator(".pipeline-row.overdue")).to_have_count(3)
    shot(page, "development-pipeline")
    # Filters apply as they change (HTMX), and the address keeps them.
    page.select_option("#id_stage", "candidate")
    expect(page.locator("#pipeline-count")).to_have_text("0")
    assert "stage=candidate" in page.url
    log_in(phone_page, "shuji_a")
    _go(phone_page, "/development/")
    expect(phone_page.locator(".pipeline-row")).to_have_count(3)
    shot(phone_page, "development-pipeline-phone")
