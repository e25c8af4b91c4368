"""Typed readers of the environment that fail loudly (CONVENTIONS 11)."""

from __future__ import annotations

import os
from pathlib import Path


class MissingSetting(RuntimeError):
    """A required environment variable is absent or malformed."""


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise MissingSetting(f"环境变量 {name} 未设置（生产模式必须提供）")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise MissingSetting(f"环境变量 {name} 应为 true/false，实为 {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """The integer in ``name`` (``default`` when unset); with ``minimum``, a smaller value is
    refused at start-up rather than misbehaving later (a zero idle limit ends every session)."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise MissingSetting(f"环境变量 {name} 应为整数，实为 {raw!r}") from exc
    if minimum is not None and value < minimum:
        raise MissingSetting(f"环境变量 {name} 应为不小于 {minimum} 的整数，实为 {raw!r}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw).expanduser().resolve() if raw else default
