"""The API schema says what the service accepts and answers: generated requests, real server.

Schemathesis reads ``/api/openapi.json`` of a live server on 127.0.0.1 (fetched by the test
first, with a generous timeout: building the schema takes seconds on a loaded machine, more
than schemathesis' own ten) and sends, for every
operation, requests generated from the schema (its examples, boundary values, valid and invalid
payloads), as a system administrator and as a branch secretary, each with an API bearer token.
Every check runs: no 5xx, every status code and body documented, valid requests accepted and
invalid ones refused. Bounded (``MAX_EXAMPLES`` per operation, a fixed seed, deterministic
generation) so a run is repeatable and takes a minute or two.

The run is schemathesis' own command line (``st run``) against the live server: its pytest
loader does not run under this pytest version, and the command line is what a tester runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from pytest_django.live_server_helper import LiveServer

from dangjian.api.tokens import api_token_issue
from dangjian.development.services import applicant_register
from dangjian.dues.ledger import ledger_generate
from dangjian.rules.dates import YearMonth
from tests.development.support import applicant_input
from tests.factories import Role, make_member, make_user

MAX_EXAMPLES = 20
SEED = 20260101
CONFIG = Path(__file__).with_name("schemathesis.toml")


def _st() -> list[str]:
    found = shutil.which("st", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "schemathesis.cli"]


def _schema(url: str, folder: Path) -> Path:
    """The live server's schema, saved to a file schemathesis reads instead of the URL."""
    with urllib.request.urlopen(f"{url}/api/openapi.json", timeout=300) as response:
        saved = folder / "openapi.json"
        saved.write_bytes(response.read())
    return saved


def _run(url: str, token: str, report_dir: Path) -> subprocess.CompletedProcess[str]:
    command = [
        *_st(), "--config-file", str(CONFIG), "run", str(_schema(url, report_dir)), "--url", url,
        "--checks", "all",
        "--max-examples", str(MAX_EXAMPLES),
        "--seed", str(SEED),
        "--generation-deterministic",
        "--workers", "1",
        "--header", f"Authorization: Bearer {token}",
        "--report-dir", str(report_dir),
        "--output-truncate", "false",
        "--no-color",
    ]  # fmt: skip
    env = {**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""}
    # Every operation of every router, 30 examples each: minutes on a quiet machine, more on a
    # loaded one; the bound only stops a hung run.
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=1800)


@pytest.fixture
def served(live_server: LiveServer, enterprise: SimpleNamespace) -> LiveServer:
    """The live server, with members and a generated ledger in branches A and B, and a person
    in the 发展党员 process in each (steps are then recorded against real records)."""
    for org in (enterprise.branch_a, enterprise.branch_b):
        make_member(org)
        ledger_generate(actor=None, month=YearMonth(2024, 1), organization=org)
        applicant_register(actor=None, data=applicant_input(org))
    return live_server


# One class per role: the test runner's workers take a class as one unit, so the two runs, each
# several minutes long, go to different workers.
@pytest.mark.schema_fuzz
class TestAsTheSystemAdministrator:
    def test_api_answers_as_its_schema_says(self, served: LiveServer, tmp_path: Path) -> None:
        user = make_user("fuzz_admin", Role.SYSTEM_ADMIN, None, may_reveal=True)
        _check(served, user, tmp_path)


@pytest.mark.schema_fuzz
class TestAsABranchSecretary:
    def test_api_answers_as_its_schema_says(
        self, served: LiveServer, enterprise: SimpleNamespace, tmp_path: Path
    ) -> None:
        user = make_user("fuzz_shuji", Role.SECRETARY, enterprise.branch_a)
        _check(served, user, tmp_path)


def _check(served: LiveServer, user: User, tmp_path: Path) -> None:
    token = api_token_issue(actor=None, user=user, name="接口测试")[1]
    result = _run(served.url, token, tmp_path)
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
