"""The personal-data key a process starts with is the one the database's numbers were encrypted
with; a missing key is never replaced by a new one where numbers exist."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django import Settings

from dangjian.core.crypto import reset_key_cache
from dangjian.members.models import Member
from dangjian.ops.keycheck import DataKeyMismatch, data_key_check
from dangjian.ops.models import DeploymentFact

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_settings(settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    settings.DATA_KEY = "11" * 32
    reset_key_cache()
    yield settings
    reset_key_cache()


def test_the_first_start_records_the_keys_fingerprint(key_settings: Settings) -> None:
    data_key_check()
    data_key_check()
    assert DeploymentFact.objects.get().value


def test_another_key_is_refused(key_settings: Settings) -> None:
    data_key_check()
    key_settings.DATA_KEY = "22" * 32
    reset_key_cache()
    with pytest.raises(DataKeyMismatch, match="不是本数据库所用的密钥"):
        data_key_check()


def test_no_key_where_numbers_exist_is_refused_and_none_is_generated(
    key_settings: Settings, member_a: Member, tmp_path: Path
) -> None:
    key_settings.DATA_KEY = ""
    key_settings.KEY_FILE = tmp_path / "keys" / "data.key"
    reset_key_cache()
    with pytest.raises(DataKeyMismatch, match="请把原密钥文件复制到"):
        data_key_check()
    assert not key_settings.KEY_FILE.exists()
