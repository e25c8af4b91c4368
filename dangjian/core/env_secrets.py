"""Start-up checks of the secrets (length, format), each failure one Chinese line.

Settings call these while loading, so a malformed secret stops the process before it serves
anything, instead of failing at first use (an SM4 key at the first encryption, a database URL at
the first query). ``dangjian`` prints the message alone, without a traceback (``cli.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

from dangjian.core.env import MissingSetting

# Django's own deployment check (security.W009) asks for this much.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_URL_SCHEMES = ("postgres://", "postgresql://", "sqlite://", "pgsql://")


def check_secret_key(value: str) -> str:
    """The Django secret key: at least 50 characters, at least 5 different ones."""
    if len(value) < SECRET_KEY_MIN_LENGTH:
        raise MissingSetting(
            f"DANGJIAN_SECRET_KEY 太短：应至少{SECRET_KEY_MIN_LENGTH}个字符，实为{len(value)}个"
            '（可用 python -c "import secrets; print(secrets.token_urlsafe(50))" 生成）'
        )
    if len(set(value)) < SECRET_KEY_MIN_DISTINCT or value.startswith("django-insecure-"):
        raise MissingSetting("DANGJIAN_SECRET_KEY 过于简单：请使用随机生成的密钥")
    return value


def check_data_key(value: str, name: str = "DANGJIAN_DATA_KEY") -> str:
    """The personal-data master key: 64 hexadecimal characters (32 bytes)."""
    value = value.strip()
    if not _HEX64.fullmatch(value):
        raise MissingSetting(
            f"{name} 格式不对：应为64位十六进制字符（32字节），实为{len(value)}个字符"
            '（可用 python -c "import secrets; print(secrets.token_hex(32))" 生成）'
        )
    return value


def check_key_file(path: Path, *, must_exist: bool) -> None:
    """A key file, when present, holds a valid data key; in production (``must_exist``) it is
    also readable by its owner only."""
    if not path.exists():
        if must_exist:
            raise MissingSetting(f"DANGJIAN_KEY_FILE 指向的密钥文件 {path} 不存在")
        return
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise MissingSetting(f"无法读取密钥文件 {path}：{exc.__class__.__name__}") from exc
    check_data_key(text, name=f"密钥文件 {path} 的内容")
    if must_exist and path.stat().st_mode & 0o077:
        raise MissingSetting(f"密钥文件 {path} 的权限过宽：应仅属主可读写（chmod 600）")


def check_database_url(value: str) -> str:
    """A database URL the platform can use (PostgreSQL or SQLite)."""
    if not value.startswith(_URL_SCHEMES):
        raise MissingSetting(
            "DATABASE_URL 格式不对：应为 postgres://用户:密码@主机:端口/库名 或 sqlite:///文件路径"
        )
    return value


def check_token(value: str, name: str) -> str:
    """An API key for an integration: printable, no spaces (an empty value switches it off)."""
    if value and (not value.isprintable() or any(ch.isspace() for ch in value)):
        raise MissingSetting(f"{name} 含有空白或不可见字符：请检查是否多复制了换行或空格")
    return value
