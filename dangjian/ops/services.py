"""Operations asked for from a page: a backup now."""

from __future__ import annotations

from dataclasses import dataclass

from kombu.exceptions import KombuError

from dangjian.accounts.access import may_operate_platform, require
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.ops.startup import describe_broker


class Unavailable(RuntimeError):
    """A service the operation needs does not answer; the message is for the person."""


@dataclass(frozen=True)
class Operation:
    """What an audit row of an operation points at (it has no row of its own)."""

    pk: str
    label: str

    def __str__(self) -> str:
        return self.label


def backup_request(*, actor: Actor) -> None:
    """Queue a backup for ``actor`` (a system administrator); it runs on a worker.

    Raises ``PermissionDenied`` for anyone else.
    """
    from dangjian.ops.tasks import backup_daily

    require(may_operate_platform(actor), "只有系统管理员可以备份")
    try:
        backup_daily.delay(triggered_by=f"{_name_of(actor)} 手动", force=True)
    except (KombuError, OSError) as exc:
        raise Unavailable(
            f"消息队列不可用，备份未能提交（{describe_broker()}）：请检查 Redis 或后台任务服务后重试。"
        ) from exc
    audit(actor=actor, action="ops.backup_request", obj=Operation("backup", "数据备份"),
          detail="请求立即备份")  # fmt: skip


def _name_of(actor: Actor) -> str:
    """The login name to show for ``actor`` ("系统" for a job or command)."""
    user = acting_user(actor)
    return user.get_username() if user is not None else "系统"
