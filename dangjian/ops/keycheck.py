"""Start-up check: the configured personal-data key is the one this database's numbers were
encrypted with.

Outside production a key file is generated when none exists, which is right for a new
deployment and wrong for a restored or moved one: the numbers would then never decrypt. The
database remembers the fingerprint of its key, and every process that serves or works on it
refuses to start with another key, or with none, before anything is encrypted.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from dangjian.core.crypto import DataKeyError, key_fingerprint
from dangjian.members.models import Member
from dangjian.ops.models import DeploymentFact

FINGERPRINT = "data_key_fingerprint"


class DataKeyMismatch(RuntimeError):
    """The key is missing or differs from the database's; the message is for the operator."""


def data_key_check() -> None:
    """Compare the key with the database's record of it; record it on first use.

    Raises ``DataKeyMismatch`` naming what to do.
    """
    recorded = DeploymentFact.objects.filter(name=FINGERPRINT).first()
    holds_numbers = recorded is not None or Member.objects.exists()
    if holds_numbers and not _key_configured():
        raise DataKeyMismatch(
            "数据库中的身份证号和手机号已加密，但本部署没有配置个人信息加密密钥：请把原密钥文件复制到 "
            f"{settings.KEY_FILE}，或设置 DANGJIAN_DATA_KEY / DANGJIAN_KEY_FILE。"
            "平台不会生成新密钥，否则这些号码将永远无法解密。"
        )
    try:
        current = key_fingerprint()
    except DataKeyError as exc:
        raise DataKeyMismatch(f"个人信息加密密钥无效：{exc}") from exc
    if recorded is None:  # a worker and a beat starting together both get here
        recorded, _ = DeploymentFact.objects.get_or_create(
            name=FINGERPRINT, defaults={"value": current}
        )
    if recorded.value != current:
        raise DataKeyMismatch(
            f"配置的个人信息加密密钥（指纹 {current}）不是本数据库所用的密钥（指纹 "
            f"{recorded.value}）：请配置原密钥再启动。"
        )


def _key_configured() -> bool:
    return bool(settings.DATA_KEY) or Path(settings.KEY_FILE).exists()
