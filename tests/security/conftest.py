"""Helpers for the security tests: run the ``dangjian`` console script with an environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User


@pytest.fixture
def run_settings(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``dangjian check`` in a fresh process with extra environment variables."""

    def _run(extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DANGJIAN_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC"))
        }
        env.update({"DANGJIAN_DATA_DIR": str(tmp_path), **extra})
        command = [
            sys.executable,
            "-c",
            "from dangjian.cli import main; main()",
            *(args or ("check",)),
        ]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    return _run


@pytest.fixture
def security_admin(db: None) -> User:
    from tests.factories import Role, make_user

    return make_user("anquan_t", Role.SECURITY_ADMIN, None)
