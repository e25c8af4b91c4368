"""The daily reminder scan: every person's due items (the home page's cards) become reminders to
that person; a second run sends nothing new; each run is recorded."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import User

from dangjian.core.due import due_items
from dangjian.jobs.models import JobRun, RunOutcome
from dangjian.notifications.jobs import REMINDER_SCAN
from dangjian.notifications.jobs import reminder_scan as reminder_scan_task
from dangjian.notifications.models import Channel, Delivery, Notice
from dangjian.notifications.scan import reminder_scan

TODAY = date(2026, 11, 30)


def inbox_titles(user: User) -> set[str]:
    rows = Delivery.objects.filter(user=user, channel=Channel.INBOX)
    return set(rows.values_list("notice__title", flat=True))


def test_each_person_is_reminded_of_exactly_their_home_page_s_items(
    people: SimpleNamespace,
) -> None:
    counts = reminder_scan(TODAY)
    assert counts.errors == [] and counts.created > 0
    for user in (people.secretary_a, people.secretary_b, people.general_admin, people.member_a):
        cards = {i.title for i in due_items(user, TODAY) if i.count and i.key}
        assert inbox_titles(user) == cards


def test_a_reminder_carries_the_count_the_link_and_the_regulation(people: SimpleNamespace) -> None:
    reminder_scan(TODAY)
    item = next(i for i in due_items(people.secretary_a, TODAY) if i.count and i.key)
    notice = Notice.objects.get(deliveries__user=people.secretary_a, kind=item.key)
    assert (notice.link, notice.body) == (item.url, f"共{item.count}项")
    assert notice.citation == item.citation


def test_running_the_scan_twice_sends_nothing_new(people: SimpleNamespace) -> None:
    first = reminder_scan(TODAY)
    before = Delivery.objects.count()
    second = reminder_scan(TODAY)
    assert second.created == 0 and second.skipped == first.created
    assert Delivery.objects.count() == before


def test_the_scan_job_is_recorded_and_safe_to_run_twice(people: SimpleNamespace) -> None:
    reminder_scan_task()
    reminder_scan_task()  # the same day again: the period is done
    reminder_scan_task(force=True)  # a manual run scans again and finds every reminder sent
    runs = list(JobRun.objects.filter(job=REMINDER_SCAN).order_by("started_at", "pk"))
    outcomes = [r.outcome for r in runs]
    assert outcomes == [RunOutcome.SUCCEEDED, RunOutcome.SKIPPED, RunOutcome.SUCCEEDED]
    assert runs[0].counts["created"] > 0
    assert runs[2].counts == {"created": 0, "skipped": runs[0].counts["created"], "failed": 0}


def test_people_without_a_role_or_a_record_are_not_scanned(people: SimpleNamespace) -> None:
    User.objects.create_user("bystander")
    assert reminder_scan(TODAY).people == 7
