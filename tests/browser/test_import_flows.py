"""The roster import in a real browser: an office's .xls, the mapping screen, the answer to an
ambiguous value, and the report with the valid rows and every refusal named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dangjian.members.models import Member
from tests.browser.conftest import log_in, shot
from tests.factories import Role, make_org, make_user

pytestmark = pytest.mark.browser
SAMPLE = Path("/work/shared/samples/roster_from_an_office.xls")
_NEAR = Path(__file__).resolve().parents[3] / "shared" / "samples" / SAMPLE.name
if _NEAR.exists():
    SAMPLE = _NEAR


@pytest.fixture
def office_admin(db: None) -> User:
    """The 机关党委 of the sample roster, its three branches, and its organisation administrator."""
    committee = make_org("某公司机关党委", "committee")
    for name in ("综合办公室党支部", "客户服务中心党支部", "离退休第一党支部"):
        make_org(name, "branch", committee)
    return make_user("jiguan_admin", Role.ORG_ADMIN, committee)


def test_an_office_roster_is_mapped_answered_and_imported(
    page: Page, office_admin: User, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path  # the upload kept for the mapping screen
    log_in(page, "jiguan_admin")
    page.goto(page.base_url + "/members/import/")  # type: ignore[attr-defined]
    page.set_input_files("input[type=file]", str(SAMPLE))
    page.get_by_label("只导入校验通过的行").check()
    page.get_by_role("button", name="上传并导入").click()

    mapping = page.locator("#mapping-form")
    expect(mapping).to_contain_text("确认列的对应关系")
    expect(page.get_by_label("文件中的“身份证号”列")).to_have_value("id_number")
    expect(page.get_by_label("文件中的“党员身份”列")).to_have_value("stage")
    page.get_by_label("文化程度中的“大学”（2行）是指").select_option("bachelor")
    page.get_by_label("工作岗位类别（文件中没有此列时，整个文件统一为）").select_option("manager")
    page.get_by_label("党费类别（文件中没有此列时，整个文件统一为）").select_option("salaried")
    shot(page, "roster-mapping")
    page.locator("#save-mapping").click()

    expect(page.locator("#import-summary")).to_contain_text("导入完成")
    expect(page.locator("[data-outcome=created]")).to_have_text("4")
    expect(page.locator("[data-outcome=rejected]")).to_have_text("6")
    problems = page.locator("#problem-table")
    expect(problems).to_contain_text("末几位已丢失")
    expect(problems).to_contain_text("入党时未满18周岁")
    expect(problems).to_contain_text("《中国共产党章程》第一条")
    expect(problems).to_contain_text("与工作表“花名册”第3行的公民身份号码重复")
    expect(problems).to_contain_text("后勤保障党支部")
    expect(problems).not_to_contain_text("DEV-1")
    shot(page, "roster-report")
    assert set(Member.objects.values_list("name", flat=True)) == {
        "孙明",
        "郑凯",
        "冯晓雨",
        "何建国",
    }
