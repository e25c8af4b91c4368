"""Failures as an administrator reads them: an operating-system error in Chinese, and what a
failed run's 说明 says about the exception that ended it.

The platform's own exceptions carry a Chinese message written for the person who has to act
(``BackupError: 无法写入备份目录 …`` reads as ``无法写入备份目录 …``); an operating-system error
is translated from its ``errno`` (Python gives its ``strerror`` in English only); anything else
is a fault of the program, named by its class so that it can be reported.
"""

from __future__ import annotations

import errno

from django.core.exceptions import PermissionDenied

# The errors a folder or a disk of a server commonly gives, in the words an operator uses.
OS_REASONS = {
    errno.ENOTDIR: "不是目录",
    errno.EISDIR: "是目录而不是文件",
    errno.ENOENT: "不存在",
    errno.EEXIST: "已存在同名的文件或目录",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "所在文件系统为只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EIO: "磁盘读写错误",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EMFILE: "打开的文件过多",
    errno.EXDEV: "不能跨磁盘分区移动",
    errno.EBUSY: "正被占用",
    errno.ENOTEMPTY: "目录不为空",
}


def os_error_reason(exc: OSError) -> str:
    """Why ``exc`` happened, in Chinese ("不是目录"); an uncommon error keeps its number and
    the system's own words."""
    if exc.errno in OS_REASONS:
        return OS_REASONS[exc.errno]
    if exc.errno is not None:
        return f"系统错误（错误号 {exc.errno}：{exc.strerror}）"
    return f"系统错误（{exc}）"


def os_error_text(exc: OSError) -> str:
    """``exc`` naming the file it concerns: "/srv/备份：不是目录"."""
    reason = os_error_reason(exc)
    return f"{exc.filename}：{reason}" if exc.filename else reason


def failure_text(exc: BaseException) -> str:
    """The 说明 of a run that ``exc`` ended."""
    if isinstance(exc, OSError):
        return os_error_text(exc)
    if isinstance(exc, KeyboardInterrupt | SystemExit):
        return "运行被终止（进程收到停止信号）"
    message = str(exc).strip()
    # The platform's exceptions speak to people (CONVENTIONS: every error is Chinese).
    if message and (isinstance(exc, PermissionDenied) or _ours(exc)):
        return message
    return f"程序异常（{type(exc).__name__}）：{message or '无说明'}，请将此记录告知技术支持"


def _ours(exc: BaseException) -> bool:
    return type(exc).__module__.split(".")[0] == "dangjian"
