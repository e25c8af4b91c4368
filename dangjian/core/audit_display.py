"""The audit log as people read it: actions, objects and fields in Chinese, filters, rows.

Read by the audit page and its .xlsx export (both for the audit administrator only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils import timezone

from dangjian.core.models import AuditLog, Outcome

ACTION_LABELS = {
    "access.denied": "拒绝访问",
    "account.create": "新建账户",
    "api.token_use": "使用API令牌",
    "api.token_refused": "API令牌被拒绝",
    "api_token.issue": "签发API令牌",
    "audit.archive": "归档审计日志",
    "audit.export": "导出审计日志",
    "auth.lockout": "登录锁定",
    "auth.login": "登录",
    "auth.login_failed": "登录失败",
    "auth.logout": "退出登录",
    "auth.password_change": "修改密码",
    "auth.unlock": "解除登录锁定",
    "cadre.access_grant": "授予干部信息查看权限",
    "cadre.access_revoke": "撤销干部信息查看权限",
    "cadre.change": "修改干部档案",
    "cadre.export": "导出干部名单",
    "cadre.read": "查看干部档案",
    "dues.adjust": "党费调整",
    "dues.close": "党费月结",
    "dues.declare": "申报党费基数",
    "dues.generate": "生成党费台账",
    "dues.large": "大额党费",
    "dues.mapping": "设置工资项目对应",
    "dues.pay": "登记交纳党费",
    "dues.payroll_import": "导入工资表",
    "dues.policy": "修改党费设置",
    "dues.reduction": "减免党费",
    "dues.remind": "催交党费",
    "dues.transfer": "转交党费",
    "dues.unpay": "撤销交纳登记",
    "kb.add": "添加知识库文档",
    "kb.delete": "删除知识库文档",
    "member.create": "新建党员档案",
    "member.export": "导出党员名册",
    "member.import": "导入党员",
    "member.reveal": "查看完整个人信息",
    "member.update": "修改党员档案",
    "org.create": "新建党组织",
    "org.dissolve": "撤销党组织",
    "org.move": "调整党组织隶属",
    "org.update": "修改党组织",
    "role.grant": "授予角色",
    "role.revoke": "撤销角色",
}
OBJECT_LABELS = {
    "Account": "账户",
    "ApiToken": "API令牌",
    "AuditChainHead": "审计日志",
    "AuditExport": "审计日志",
    "Cadre": "干部",
    "ExportSubject": "导出",
    "ImportBatch": "导入批次",
    "User": "用户",
}
FIELD_LABELS = {
    "role": "角色",
    "organization": "党组织",
    "filename": "文件名",
    "title": "标题",
    "amount": "金额",
}


REVEAL_PREFIX = "查看完整"


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@lru_cache(maxsize=256)
def _model_named(name: str) -> Any:
    return next((m for m in apps.get_models() if m.__name__ == name), None)


def object_label(object_type: str) -> str:
    if object_type in OBJECT_LABELS:
        return OBJECT_LABELS[object_type]
    model = _model_named(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def field_label(object_type: str, key: str) -> str:
    """The Chinese label of ``key`` in a changed-fields audit of ``object_type``: the model
    field's verbose name, else the table above, else the key itself. Any field kind works."""
    model = _model_named(object_type)
    label = _model_field_label(model, key) if model is not None else None
    return label or FIELD_LABELS.get(key, key)


def _model_field_label(model: Any, key: str) -> str | None:
    """The verbose name of ``model``'s field ``key``, None when it has none. Reverse relations
    (``ManyToOneRel``...) and generic relations carry no ``verbose_name``: a reverse relation is
    named by the related model's plural name."""
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    label = getattr(field, "verbose_name", None)
    related = getattr(field, "related_model", None)
    if label is None and field.auto_created and related is not None and hasattr(related, "_meta"):
        label = related._meta.verbose_name_plural
    return str(label) if label else None


@dataclass(frozen=True)
class Change:
    """One line of the before/after table."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    log: AuditLog
    summary: str  # "查看完整身份证号 · 党员 李哲洋"
    action: str
    object: str
    changes: list[Change]


def present(log: AuditLog) -> AuditRow:
    action = action_label(log.action)
    # A reveal says what was revealed ("查看完整身份证号"); its detail names the field.
    if log.action == "member.reveal" and log.detail.startswith(REVEAL_PREFIX):
        action = REVEAL_PREFIX + field_label(log.object_type, log.detail[len(REVEAL_PREFIX) :])
    thing = f"{object_label(log.object_type)} {log.object_repr}".strip()
    return AuditRow(log, f"{action} · {thing}", action, thing, changes_of(log))


def changes_of(log: AuditLog) -> list[Change]:
    before = log.before if isinstance(log.before, dict) else {}
    after = log.after if isinstance(log.after, dict) else {}
    keys = list(dict.fromkeys([*before, *after]))
    return [
        Change(field_label(log.object_type, k), _shown(before.get(k)), _shown(after.get(k)))
        for k in keys
    ]


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | dict):
        return "，".join(_shown(v) for v in (value.values() if isinstance(value, dict) else value))
    return str(value)


class AuditFilterForm(forms.Form):
    who = forms.CharField(label="操作人", required=False, max_length=150)
    action = forms.ChoiceField(label="操作", required=False)
    obj = forms.CharField(label="对象", required=False, max_length=100)
    outcome = forms.ChoiceField(
        label="结果", required=False, choices=[("", "全部"), *Outcome.choices]
    )
    since = forms.DateField(
        label="起始日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label="截止日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "全部"), *sorted(ACTION_LABELS.items())]
        self.fields["action"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "截止日期不能早于起始日期")
        return data


def filtered(data: dict[str, Any]) -> QuerySet[AuditLog]:
    """The log, newest first, narrowed by the cleaned filter values."""
    query = AuditLog.objects.all()
    if data.get("who"):
        query = query.filter(actor_name__icontains=data["who"].strip())
    if data.get("action"):
        query = query.filter(action=data["action"])
    if data.get("obj"):
        text = data["obj"].strip()
        query = query.filter(Q(object_repr__icontains=text) | Q(object_id=text))
    if data.get("outcome"):
        query = query.filter(outcome=data["outcome"])
    if data.get("since"):
        query = query.filter(at__gte=_start_of(data["since"]))
    if data.get("until"):
        query = query.filter(at__lt=_start_of(data["until"] + timedelta(days=1)))
    return query.order_by("-seq")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
