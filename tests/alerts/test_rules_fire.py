"""Each alert rule fires on the day its rule is broken and not the day before, and its alert
is resolved once the cause is gone (the scan through the capabilities' own selectors)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from dangjian.alerts.models import Alert
from dangjian.development.models import DevelopmentDue
from dangjian.development.services import applicant_register
from dangjian.dynamics.services import letter_issue, letter_receipt
from dangjian.dynamics.standing import lost_contact_found, lost_contact_open
from dangjian.elections.services import term_record
from dangjian.members.models import Member
from dangjian.rules.dates import add_months
from dangjian.rules.statistics import probation_end
from tests.alerts.support import open_after_scan
from tests.development.support import applicant_input
from tests.factories import make_member

DAY = timedelta(days=1)


def test_a_branch_under_three_full_members_is_an_alert_until_the_third(
    enterprise: SimpleNamespace,
) -> None:
    """ORG-1: a 党支部 needs 3 full members."""
    for i in range(2):
        make_member(enterprise.branch_a, name=f"正式{i}")
    on = date(2026, 11, 2)
    assert ("一支部", "ORG-1") in open_after_scan("structure", on)
    make_member(enterprise.branch_a, name="正式2")
    assert ("一支部", "ORG-1") not in open_after_scan("structure", on + DAY)
    resolved = Alert.objects.get(kind="structure", organization=enterprise.branch_a,
                                 subject_key="ORG-1")  # fmt: skip
    assert resolved.resolved_on == on + DAY and resolved.first_seen == on


def test_a_branch_of_51_members_is_an_alert_and_of_50_is_not(
    enterprise: SimpleNamespace,
) -> None:
    """ORG-2: a 党支部 normally has at most 50 members."""
    for i in range(50):
        make_member(enterprise.branch_a, name=f"党员{i}")
    assert ("一支部", "ORG-2") not in open_after_scan("structure", date(2026, 11, 2))
    make_member(enterprise.branch_a, name="党员50")
    assert ("一支部", "ORG-2") in open_after_scan("structure", date(2026, 11, 3))


def test_a_term_is_overdue_the_day_after_it_ends(enterprise: SimpleNamespace) -> None:
    """ORG-5: a 党支部's three-year term, not renewed when it ends."""
    term = term_record(actor=None, organization_id=enterprise.branch_a.pk, number=2,
                       elected_on=date(2023, 6, 1))  # fmt: skip
    subject = ("一支部", f"term:{term.pk}")
    assert subject not in open_after_scan("term_overdue", term.ends_on)
    assert subject in open_after_scan("term_overdue", term.ends_on + DAY)
    alert = Alert.objects.get(kind="term_overdue", subject_key=f"term:{term.pk}")
    assert alert.url == f"/orgs/{enterprise.branch_a.pk}/#committee-term"


def test_a_meeting_is_missing_once_its_period_has_ended(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    """MEET-8: the 主题党日 of October is missing from November 1st, not on October 31st."""
    subject = ("一支部", "theme_day:2026-10-01")
    assert subject not in open_after_scan("meeting_missing", date(2026, 10, 31))
    assert subject in open_after_scan("meeting_missing", date(2026, 11, 1))
    alert = Alert.objects.get(kind="meeting_missing", subject_key="theme_day:2026-10-01",
                              organization=enterprise.branch_a)  # fmt: skip
    org = enterprise.branch_a.pk
    assert alert.url == f"/meetings/compliance/?org={org}&year=2026&grain=month"


def test_a_development_step_is_overdue_the_day_after_its_deadline(
    enterprise: SimpleNamespace,
) -> None:
    """DEV-2: the talk with an applicant within a month of the application."""
    person = applicant_register(actor=None, data=applicant_input(enterprise.branch_a))
    due = DevelopmentDue.objects.filter(applicant=person, due_on__isnull=False).earliest("due_on")
    assert due.due_on is not None
    subject = ("一支部", f"applicant:{person.pk}")
    assert subject not in open_after_scan("development_overdue", due.due_on)
    assert subject in open_after_scan("development_overdue", due.due_on + DAY)
    alert = Alert.objects.get(kind="development_overdue", resolved_on__isnull=True)
    assert alert.rules == (due.rule_id,) and alert.url.endswith(f"/development/{person.pk}/")


def test_probation_ended_without_discussion_from_the_day_after_its_end(
    enterprise: SimpleNamespace,
) -> None:
    """DEV-17: a probationary member still probationary after the year has ended."""
    joined = date(2025, 6, 10)
    m = make_member(enterprise.branch_a, stage="probationary", joined_on=joined,
                    confirmed_on=None)  # fmt: skip
    end = probation_end(joined)
    assert ("一支部", f"member:{m.pk}") not in open_after_scan("probation_ended", end)
    assert ("一支部", f"member:{m.pk}") in open_after_scan("probation_ended", end + DAY)


def test_lost_contact_is_an_alert_at_six_months_not_the_day_before(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    """MEM-4: six months lost (the day itself included), then resolved when found."""
    record = lost_contact_open(actor=None, member_id=member_a.pk, lost_since=date(2026, 1, 15))
    six_months = add_months(date(2026, 1, 15), 6)
    subject = ("一支部", f"member:{member_a.pk}")
    assert subject not in open_after_scan("lost_contact", six_months - DAY)
    assert subject in open_after_scan("lost_contact", six_months)
    lost_contact_found(actor=None, record_id=record.pk, found_on=six_months + DAY, note="已联系上")
    assert subject not in open_after_scan("lost_contact", six_months + 2 * DAY)


def test_a_letter_without_receipt_after_its_validity_until_the_receipt(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    """MEM-7: the 回执 should be back within the letter's validity."""
    letter = letter_issue(actor=None, member_id=member_a.pk, destination="外省某公司党委",
                          reason="工作调动", issued_on=date(2026, 6, 1))  # fmt: skip
    subject = ("一支部", f"letter:{letter.pk}")
    assert subject not in open_after_scan("letter_no_receipt", letter.valid_until)
    assert subject in open_after_scan("letter_no_receipt", letter.valid_until + DAY)
    letter_receipt(actor=None, letter_id=letter.pk, receipt_on=letter.valid_until + DAY,
                   receipt_org="外省某公司党委")  # fmt: skip
    assert subject not in open_after_scan("letter_no_receipt", letter.valid_until + 2 * DAY)


def test_a_record_without_an_id_number_is_a_data_quality_alert(
    enterprise: SimpleNamespace,
) -> None:
    """The archive refuses a new record without one; records kept from before it did (an older
    system's data, written straight into the table) may still lack it."""
    m = make_member(enterprise.branch_a)
    Member.objects.filter(pk=m.pk).update(id_number=None, id_number_hash=None)
    assert ("一支部", f"member:{m.pk}") in open_after_scan("missing_id_number", date(2026, 11, 2))
    alert = Alert.objects.get(kind="missing_id_number")
    assert alert.basis == "档案数据质量检查" and alert.url == f"/members/{m.pk}/"


@pytest.mark.parametrize(
    ("joined", "fires"), [(date(2018, 5, 9), True), (date(2018, 5, 10), False)]
)
def test_joined_before_the_18th_birthday_is_a_data_quality_alert(
    enterprise: SimpleNamespace, joined: date, fires: bool
) -> None:
    """DEV-1: 18 on the day of the 支部大会. The archive refuses such a date today; a record
    from before it did (written straight into the table) is what the check finds."""
    m = make_member(enterprise.branch_a, birth_date=date(2000, 5, 10),
                    joined_on=date(2018, 5, 10), confirmed_on=date(2019, 5, 10))  # fmt: skip
    Member.objects.filter(pk=m.pk).update(joined_on=joined)
    found = ("一支部", f"member:{m.pk}") in open_after_scan("joined_under_18", date(2026, 11, 2))
    assert found is fires


@pytest.fixture
def dues_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """The services' today frozen at 2024-12-15 (the ledger months are those of 2024)."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 12, 15))
    return date(2024, 12, 15)


def _unpaid_from(member: Member, first_unpaid: int) -> None:
    """A ledger for January to November 2024 with every month before ``first_unpaid`` paid."""
    from dangjian.dues.collection import Payment, ledger_mark_paid
    from dangjian.dues.ledger import ledger_generate
    from dangjian.dues.models import LedgerEntry
    from dangjian.rules.dates import YearMonth
    from tests.dues.conftest import payroll

    payroll(member, YearMonth(2024, 1), "3000")
    for m in range(1, 12):
        ledger_generate(actor=None, month=YearMonth(2024, m))
    for entry in LedgerEntry.objects.filter(month__lt=date(2024, first_unpaid, 1)):
        ledger_mark_paid(actor=None, entry_ids=[entry.pk],
                         payment=Payment(paid_on=entry.month.replace(day=15), method="cash"))  # fmt: skip


@pytest.mark.parametrize(("first_unpaid", "fires"), [(6, True), (7, False)])
def test_arrears_are_an_alert_at_six_months_not_five(
    enterprise: SimpleNamespace, member_a: Member, dues_today: date, first_unpaid: int,
    fires: bool,
) -> None:  # fmt: skip
    """DUES-13: six consecutive unpaid months up to the last complete month (June to November
    is six, July to November five)."""
    _unpaid_from(member_a, first_unpaid)
    found = ("一支部", f"member:{member_a.pk}") in open_after_scan("arrears", dues_today)
    assert found is fires
    if fires:  # the alert opens the member's dues of the year, not the list of every case
        alert = Alert.objects.get(kind="arrears", subject_key=f"member:{member_a.pk}")
        assert alert.url == f"/dues/member/{member_a.pk}/?year=2024"
