"""A failure reads in Chinese: the operating system's errors translated, the platform's own
exceptions without their class name, a program fault named so that it can be reported."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from dangjian.jobs.failures import failure_text, os_error_reason, os_error_text
from dangjian.ops.backup import BackupError


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (errno.ENOTDIR, "不是目录"),
        (errno.EACCES, "没有权限"),
        (errno.ENOSPC, "磁盘空间不足"),
        (errno.ENOENT, "不存在"),
    ],
)
def test_common_os_errors_are_translated(number: int, reason: str) -> None:
    exc = OSError(number, "English words", "/srv/备份")
    assert os_error_reason(exc) == reason
    assert os_error_text(exc) == f"/srv/备份：{reason}"


def test_an_uncommon_os_error_keeps_its_number() -> None:
    assert os_error_reason(OSError(errno.ELOOP, "Too many levels")) == (
        f"系统错误（错误号 {errno.ELOOP}：Too many levels）"
    )


def test_a_real_os_error_reads_in_chinese(tmp_path: Path) -> None:
    (tmp_path / "文件").write_text("x")
    with pytest.raises(OSError) as caught:
        (tmp_path / "文件" / "子目录").mkdir()
    assert failure_text(caught.value) == f"{tmp_path / '文件' / '子目录'}：不是目录"


def test_the_platform_s_own_exception_shows_its_message_alone() -> None:
    text = failure_text(BackupError("无法写入备份目录 /srv/备份：不是目录"))
    assert text == "无法写入备份目录 /srv/备份：不是目录"


def test_a_program_fault_is_named_for_technical_support() -> None:
    text = failure_text(KeyError("org"))
    assert text.startswith("程序异常（KeyError）") and "技术支持" in text
