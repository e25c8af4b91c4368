"""Benchmark of the member import against reading the same file with python-calamine.

``run_import_benchmark`` writes an .xlsx of valid member rows into a temporary organisation tree,
times python-calamine reading it (the baseline) and the full import, and rolls everything back.
The target is an import at most 5 times the baseline. Run it with
``python -m dangjian.members.bench_import [rows]``.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dangjian.core.actor import Actor
from dangjian.core.spreadsheet import SafeWorkbook

_DAYS = 14_000  # birth dates spread over about 38 years
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红亮新宇晨浩然博文欣怡子涵"
_EDUCATION = ("大学本科", "大学专科", "研究生", "中专", "高中/中技")
_OCCUPATION = ("专业技术人员", "管理人员", "工人（工勤技能人员）")


class BenchmarkRollback(Exception):
    """Raised at the end of the run so that nothing it wrote is kept."""


# Not the import template's region (110101): its example number, which the import refuses
# under any other name, would otherwise turn up among 100,000 generated ones.
_REGION = "110102"


def _name(i: int) -> str:
    given = _GIVEN[i % len(_GIVEN)] + (_GIVEN[(i // 7) % len(_GIVEN)] if i % 3 else "")
    return _SURNAMES[(i // 11) % len(_SURNAMES)] + given


def _row(i: int, branch_code: str) -> list[Any]:
    from dangjian.rules.dates import add_years
    from dangjian.rules.idcard import make_id_number

    birth = date(1955, 1, 1) + timedelta(days=i % _DAYS)
    gender = "M" if i % 2 else "F"
    joined = add_years(birth, 25)
    return [
        _name(i), "男" if gender == "M" else "女", "汉族", birth,
        make_id_number(_REGION, birth, i // _DAYS, gender), f"139{i:08d}", "北京市西城区",
        _EDUCATION[i % 5], _OCCUPATION[i % 3], "工程师", "基准测试单位", "", add_years(joined, -1),
        joined, add_years(joined, 1), "正式党员", "在职（按月领取工资）", branch_code, "",
        "否", "", None, "否", "否",
    ]  # fmt: skip


def write_benchmark_file(path: Path, rows: int, branch_codes: list[str]) -> None:
    from dangjian.members.excel.columns import MEMBER_COLUMNS

    book = SafeWorkbook(str(path), constant_memory=True)
    sheet = book.add_sheet("党员信息")
    sheet.row(0, 0, [c.header for c in MEMBER_COLUMNS])
    for i in range(rows):
        sheet.row(i + 1, 0, _row(i, branch_codes[i % len(branch_codes)]))
    book.close()


def _temporary_tree(token: str, branches: int) -> list[str]:
    from dangjian.orgs.services import OrgInput, org_create

    root = org_create(
        actor=None,
        data=OrgInput(
            name=f"基准测试党委{token}", code=f"B{token}", kind="committee", parent_id=None
        ),
    )
    codes = [f"B{token}-{n:03d}" for n in range(branches)]
    for n, code in enumerate(codes):
        org_create(
            actor=None,
            data=OrgInput(
                name=f"基准测试第{n + 1}支部{token}", code=code, kind="branch", parent_id=root.pk
            ),
        )
    return codes


def _time_calamine(path: Path) -> float:
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return time.perf_counter() - started


def _time_import(path: Path, actor: Actor, rows: int) -> float:
    from dangjian.members.excel import Outcome, import_members

    started = time.perf_counter()
    report = import_members(actor=actor, source=path, source_name=path.name)
    elapsed = time.perf_counter() - started
    created = report.counts[Outcome.CREATED]
    if not report.committed or created != rows:
        raise RuntimeError(f"基准导入未全部成功：{report.summary}；{report.problems[:3]}")
    return elapsed


def run_import_benchmark(rows: int = 100_000, path: Path | None = None) -> dict[str, float]:
    """Time calamine alone and the whole import of ``rows`` new members; nothing is kept."""
    from django.contrib.auth.models import User
    from django.db import transaction

    token = secrets.token_hex(3)
    target = path or Path(tempfile.gettempdir()) / f"dangjian-bench-{token}.xlsx"
    result: dict[str, float] = {}
    try:
        with transaction.atomic():
            codes = _temporary_tree(token, branches=10)
            actor = User.objects.create(username=f"bench-{token}", is_superuser=True)
            write_benchmark_file(target, rows, codes)
            calamine_seconds = _time_calamine(target)
            import_seconds = _time_import(target, actor, rows)
            result = {
                "rows": rows,
                "calamine_seconds": round(calamine_seconds, 3),
                "import_seconds": round(import_seconds, 3),
                "ratio": round(import_seconds / calamine_seconds, 2),
            }
            raise BenchmarkRollback
    except BenchmarkRollback:
        pass
    finally:
        if path is None:
            target.unlink(missing_ok=True)
    return result


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    django.setup()
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(run_import_benchmark(rows))


if __name__ == "__main__":
    main()
