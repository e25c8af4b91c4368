"""The monthly HR workbook: matched by ID number, previewed, all rows or none, idempotent."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.utils import timezone

from dangjian.cadres.hr_import import hr_import_apply, hr_import_preview
from dangjian.cadres.models import Cadre, CadreChange, CadrePost
from dangjian.core.models import AuditLog
from dangjian.members.models import Member
from tests.cadres.conftest import hr_row, person_number, workbook
from tests.factories import make_member


def _state() -> tuple[int, int, int, int]:
    return (Cadre.objects.count(), CadrePost.objects.count(), CadreChange.objects.count(),
            AuditLog.objects.count())  # fmt: skip


def test_a_member_becomes_a_cadre_and_a_changed_post_moves_on(
    enterprise: SimpleNamespace, member_a: Member, cadre_admin: User
) -> None:
    number = member_a.id_number or ""
    first = workbook([hr_row("张三", number)])
    result = hr_import_apply(actor=cadre_admin, source=first)
    assert not result.refused, result.report.problems
    cadre = Cadre.objects.get()
    assert cadre.member == member_a and cadre.organization == enterprise.branch_a
    moved = workbook([hr_row("张三", number, unit="营销部", title="主任", since="2025-09-01")])
    preview = hr_import_preview(actor=cadre_admin, source=moved)
    assert preview.rows[0].changes == ["任营销部主任（中层正职）"]
    assert CadrePost.objects.get().ended_on is None  # the preview wrote nothing
    hr_import_apply(actor=cadre_admin, source=moved)
    old, new = CadrePost.objects.order_by("started_on")
    assert old.ended_on == date(2025, 8, 31) and new.unit == "营销部" and new.ended_on is None


def test_a_new_cadre_without_member_record_needs_the_new_column(
    enterprise: SimpleNamespace, cadre_admin: User
) -> None:
    number = person_number(1)
    refused = hr_import_apply(
        actor=cadre_admin, source=workbook([hr_row("赵六", number, "一支部")])
    )
    assert refused.refused and Cadre.objects.count() == 0
    problem = refused.report.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("干部信息", 2, "B")
    assert "都没有这个公民身份号码" in problem.reason
    done = hr_import_apply(
        actor=cadre_admin, source=workbook([hr_row("赵六", number, "一支部", new="是")])
    )
    assert not done.refused and Cadre.objects.get().name == "赵六"


def test_one_bad_row_writes_nothing(enterprise: SimpleNamespace, cadre_admin: User) -> None:
    before = _state()
    rows = [hr_row("赵六", person_number(1), "一支部", new="是"),
            hr_row("钱七", person_number(2), "一支部", new="是", since="2020-13-45")]  # fmt: skip
    result = hr_import_apply(actor=cadre_admin, source=workbook(rows))
    assert result.refused and _state() == before
    problem = result.report.problems[0]
    assert (problem.row, problem.column, problem.header) == (3, "I", "任职时间")


def test_the_same_file_twice_changes_nothing(
    enterprise: SimpleNamespace, member_a: Member, cadre_admin: User
) -> None:
    data = workbook([hr_row("张三", member_a.id_number or ""),
                     hr_row("赵六", person_number(1), "一支部", new="是")])  # fmt: skip
    hr_import_apply(actor=cadre_admin, source=data)
    before = _state()
    again = hr_import_apply(actor=cadre_admin, source=data)
    assert _state() == before and again.change_count == 0
    assert "未变化2行" in again.summary


def test_a_cadre_outside_the_grant_is_refused_naming_the_column(
    enterprise: SimpleNamespace, cadre_admin_general: User
) -> None:
    member = make_member(enterprise.branch_c, name="孙八")
    result = hr_import_apply(
        actor=cadre_admin_general, source=workbook([hr_row("孙八", member.id_number or "")])
    )
    assert result.refused and Cadre.objects.count() == 0
    assert result.report.problems[0].header == "所在党组织"


def test_a_record_the_services_refuse_names_its_column_and_writes_nothing(
    enterprise: SimpleNamespace, cadre_admin: User
) -> None:
    """A graduation after today and an assessment of a year to come: the service's refusal
    names the sheet's column (毕业时间, 考核年度), not the person's name."""
    before = _state()
    next_year = timezone.localdate().year + 1
    graduated = hr_row("赵六", person_number(1), "一支部", new="是")
    graduated[13] = f"{next_year}-07-01"  # 毕业时间
    assessed = hr_row("钱七", person_number(2), "一支部", new="是", year=next_year)
    result = hr_import_apply(actor=cadre_admin, source=workbook([graduated, assessed]))
    assert result.refused and _state() == before
    found = {(p.row, p.header, p.reason) for p in result.report.problems}
    assert (2, "毕业时间", "毕业时间不能晚于今天") in found
    assert any(r == 3 and h == "考核年度" and "考核年度应在1970年至" in m for r, h, m in found)
