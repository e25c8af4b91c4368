"""Production checks every secret at start-up and says in one Chinese line what is wrong.

Run as the ``dangjian`` console script in a fresh process, as an operator would.
"""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

GOOD = {
    "DANGJIAN_ENV": "production",
    "DANGJIAN_SECRET_KEY": secrets.token_urlsafe(50),
    "DANGJIAN_DATA_KEY": secrets.token_hex(32),
    "DANGJIAN_ALLOWED_HOSTS": "dangjian.example.cn",
}


def _production(tmp_path: Path, **changes: str) -> dict[str, str]:
    env = {**GOOD, "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}", **changes}
    return {k: v for k, v in env.items() if v != ""}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"DANGJIAN_SECRET_KEY": "x"}, "DANGJIAN_SECRET_KEY 太短：应至少50个字符，实为1个"),
        ({"DANGJIAN_SECRET_KEY": "a" * 60}, "DANGJIAN_SECRET_KEY 过于简单"),
        ({"DANGJIAN_DATA_KEY": "not-hex"}, "DANGJIAN_DATA_KEY 格式不对：应为64位十六进制字符"),
        ({"DANGJIAN_DATA_KEY": "ab" * 16}, "DANGJIAN_DATA_KEY 格式不对"),
        ({"DANGJIAN_DATA_KEY": ""}, "必须设置 DANGJIAN_DATA_KEY 或 DANGJIAN_KEY_FILE"),
        ({"DANGJIAN_ALLOWED_HOSTS": ""}, "必须设置 DANGJIAN_ALLOWED_HOSTS"),
        ({"DATABASE_URL": "mysql//oops"}, "DATABASE_URL 格式不对"),
        ({"DANGJIAN_LLM_API_KEY": "sk-abc\n"}, "DANGJIAN_LLM_API_KEY 含有空白"),
    ],
)
def test_a_bad_secret_stops_the_start_with_one_chinese_line(
    run_settings: Callable[..., subprocess.CompletedProcess[str]],
    tmp_path: Path,
    changes: dict[str, str],
    message: str,
) -> None:
    result = run_settings(_production(tmp_path, **changes))
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_key_file_readable_by_others_is_refused(
    run_settings: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    key = tmp_path / "data.key"
    key.write_text(secrets.token_hex(32))
    key.chmod(0o644)
    result = run_settings(_production(tmp_path, DANGJIAN_DATA_KEY="", DANGJIAN_KEY_FILE=str(key)))
    assert result.returncode != 0 and "权限过宽" in result.stderr


def test_a_malformed_key_in_development_is_found_at_start_too(
    run_settings: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    result = run_settings({"DANGJIAN_DATA_KEY": "1234"})
    assert result.returncode != 0 and "DANGJIAN_DATA_KEY 格式不对" in result.stderr


def test_documented_production_settings_pass_the_deployment_check(
    run_settings: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    result = run_settings(_production(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
