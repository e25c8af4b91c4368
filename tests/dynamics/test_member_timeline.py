"""The member page's history shows the member's transfers, 介绍信, floating records and
lost-contact records as dated lines, read from those records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.dynamics.floating import FloatingInput, floating_record, floating_return
from dangjian.dynamics.member_timeline import member_dynamics_lines
from dangjian.dynamics.services import letter_issue, member_transfer_start, transfer_cancel
from dangjian.dynamics.standing import lost_contact_found, lost_contact_open
from dangjian.members.models import Member

TODAY = timezone.localdate()


def test_every_kind_of_record_is_a_dated_line_on_the_member_page(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    away = floating_record(actor=secretary_a, data=FloatingInput(
        direction="out", place="深圳", since=TODAY - timedelta(days=50), member_id=member_a.pk))  # fmt: skip
    floating_return(actor=secretary_a, record_id=away.pk, returned_on=TODAY - timedelta(days=40))
    lost = lost_contact_open(actor=secretary_a, member_id=member_a.pk,
                             lost_since=TODAY - timedelta(days=30), circumstances="电话停机")  # fmt: skip
    lost_contact_found(actor=secretary_a, record_id=lost.pk, found_on=TODAY - timedelta(days=20),
                       note="本人来电")  # fmt: skip
    transfer = member_transfer_start(actor=secretary_a, member_id=member_a.pk,
                                     to_org_id=enterprise.branch_b.pk, effective_on=TODAY,
                                     reason="工作调动")  # fmt: skip
    transfer_cancel(actor=secretary_a, transfer_id=transfer.pk, reason="调动取消")
    letter = letter_issue(actor=secretary_a, member_id=member_a.pk, destination="外省某公司党委",
                          reason="调往外省")  # fmt: skip

    lines = member_dynamics_lines(member_a)
    titles = {line.title for line in lines}
    assert {"流出党员登记", "流动结束", "失去联系", "失联记录结束", "组织关系转接", "转接已撤销",
            "开具介绍信"} <= titles  # fmt: skip
    assert [line.on for line in lines] == sorted((line.on for line in lines), reverse=True)

    page = login(secretary_a).get(f"/members/{member_a.pk}/").content.decode()
    for text in ("流动去向：深圳", "电话停机", "本人来电", "一支部 → 二支部", "调动取消",
                 letter.number, "外省某公司党委"):  # fmt: skip
        assert text in page, text
    assert f"{(TODAY - timedelta(days=30)):%Y年%-m月%-d日}" in page


def test_a_member_without_such_records_has_no_such_section(
    secretary_a: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    assert member_dynamics_lines(member_a) == []
    page = login(secretary_a).get(f"/members/{member_a.pk}/").content.decode()
    assert 'id="dynamics-timeline"' not in page
