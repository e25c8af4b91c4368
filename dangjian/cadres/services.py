"""Writes to the cadre database: validated, atomic, audited, each change also a ``CadreChange``
row of the cadre's file. Every door (the HR import, the API, the demo) calls these; each checks
the cadre permission and the scope of the organisation written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone

from dangjian.accounts.access import (
    cadre_org_q,
    cadre_scope_for,
    may_grant_cadre_access,
    require_cadre_permission,
)
from dangjian.accounts.models import Role, RoleGrant
from dangjian.cadres.models import (
    EDUCATION_RANK,
    AnnualAssessment,
    AssessmentResult,
    Cadre,
    CadreAccess,
    CadreChange,
    CadrePost,
    EducationRecord,
    PersonalMatterReport,
    PostKind,
    PostLevel,
    ProfessionalTitle,
    ReserveCadre,
    RewardKind,
    RewardSanction,
    TrainingRecord,
)
from dangjian.core import crypto
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.members.choices import Education
from dangjian.orgs.models import Organization
from dangjian.rules.dates import format_cn_date
from dangjian.rules.idcard import parse_id_number


@dataclass(frozen=True)
class PostInput:
    kind: str
    unit: str
    title: str
    level: str
    started_on: date


@dataclass(frozen=True)
class CadreInput:
    """A person as the HR system knows them; ``id_number`` checked (ID-1), birth and gender
    from it."""

    name: str
    id_number: str
    organization_id: int
    work_started_on: date | None = None


def _in_cadre_scope(actor: Actor, org: Organization) -> bool:
    scope = cadre_scope_for(actor)
    return scope.everything or any(org.path.startswith(p) for p in scope.subtree_paths)


def _organization(actor: Actor, org_id: int) -> Organization:
    org = Organization.objects.filter(pk=org_id).first()
    if org is None or not _in_cadre_scope(actor, org):
        raise InvalidInput({"organization_id": ["所在单位党组织不存在或不在您的干部管理范围内"]})
    return org


def _record(actor: Actor, cadre: Cadre, source: str, what: str,
            before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:  # fmt: skip
    """The change on the cadre's file and in the audit log (the same act, two readers)."""
    CadreChange.objects.create(cadre=cadre, actor=acting_user(actor), source=source, what=what,
                               before=before, after=after)  # fmt: skip
    audit(actor=actor, action="cadre.change", obj=cadre, before=before, after=after, detail=what)


def cadre_create(*, actor: Actor, data: CadreInput, source: str) -> Cadre:
    """A new cadre; the member of the same ID number, if any, is linked."""
    from dangjian.members.models import Member

    require_cadre_permission(actor)
    org = _organization(actor, data.organization_id)
    idn = parse_id_number(data.id_number)
    digest = crypto.lookup_hash(idn.value)
    if Cadre.objects.filter(id_number_hash=digest).exists():
        raise InvalidInput({"id_number": ["该公民身份号码的干部已在干部信息库中"]})
    _check_work_start(data.work_started_on, idn.birth_date)
    member = Member.objects.filter(id_number_hash=digest).first()
    cadre = Cadre.objects.create(
        name=data.name, gender=idn.gender, birth_date=idn.birth_date, id_number=idn.value,
        id_number_hash=digest, organization=org, member=member,
        work_started_on=data.work_started_on,
    )  # fmt: skip
    _record(
        actor, cadre, source, "新增干部", None, {"姓名": cadre.name, "所在单位党组织": org.name}
    )
    return cadre


def cadre_update(*, actor: Actor, cadre: Cadre, data: CadreInput, source: str) -> bool:
    """Name, organisation and 参加工作时间 as ``data`` says; False when nothing changed."""
    require_cadre_permission(actor)
    org = _organization(actor, data.organization_id)
    _check_work_start(data.work_started_on, cadre.birth_date)
    before = {"姓名": cadre.name, "所在单位党组织": cadre.organization.name,
              "参加工作时间": _day(cadre.work_started_on)}  # fmt: skip
    after = {"姓名": data.name, "所在单位党组织": org.name,
             "参加工作时间": _day(data.work_started_on)}  # fmt: skip
    if before == after:
        return False
    cadre.name, cadre.organization, cadre.work_started_on = data.name, org, data.work_started_on
    cadre.save(update_fields=["name", "organization", "work_started_on", "updated_at"])
    changed = [k for k in after if before[k] != after[k]]
    _record(actor, cadre, source, f"修改{'、'.join(changed)}", before, after)
    return True


def _check_work_start(value: date | None, birth: date) -> None:
    """参加工作时间 within the cadre's life (``date_problem``); InvalidInput naming it."""
    problem = date_problem("参加工作时间", value, birth) if value is not None else ""
    if problem:
        raise InvalidInput({"work_started_on": [problem]})


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


@transaction.atomic
def cadre_post_assign(*, actor: Actor, cadre: Cadre, post: PostInput, source: str) -> bool:
    """The cadre holds ``post`` from its start: the open post of the same kind ends the day
    before (任免). False when the cadre already holds exactly this post."""
    require_cadre_permission(actor)
    _checked(CadrePost, post.__dict__, cadre)
    open_posts = list(cadre.posts.filter(kind=post.kind, ended_on__isnull=True))
    for held in open_posts:
        if (held.unit, held.title, held.level) != (post.unit, post.title, post.level):
            continue
        if held.started_on == post.started_on:
            return False  # the very post, from the very day: nothing to record
        raise InvalidInput({"started_on": [
            f"该干部现任“{held}”（{held.get_level_display()}），任职时间为"
            f"{format_cn_date(held.started_on)}，与填写的{format_cn_date(post.started_on)}"
            "不一致；同一职务不能重复任职，请核对任职时间"]})  # fmt: skip
    for old in open_posts:
        if post.started_on <= old.started_on:
            raise InvalidInput({"started_on": [
                f"任职时间{format_cn_date(post.started_on)}不晚于现任职务“{old}”的任职时间"
                f"{format_cn_date(old.started_on)}，请核对"]})  # fmt: skip
        old.ended_on = post.started_on - timedelta(days=1)
        old.save(update_fields=["ended_on"])
    new = CadrePost.objects.create(cadre=cadre, **post.__dict__)
    before = {"职务": "；".join(str(p) for p in open_posts)} if open_posts else None
    _record(actor, cadre, source, f"任{new}（{new.get_level_display()}）", before,
            {"职务": str(new), "职务层级": new.get_level_display(),
             "任职时间": post.started_on.isoformat()})  # fmt: skip
    return True


@transaction.atomic
def cadre_post_end(*, actor: Actor, post: CadrePost, ended_on: date, source: str) -> None:
    """免职: the post ends on ``ended_on`` (not before it started, not after today, once)."""
    require_cadre_permission(actor)
    if post.ended_on is not None:
        raise InvalidInput({"ended_on": [f"该职务已于{format_cn_date(post.ended_on)}免去"]})
    if ended_on < post.started_on:
        raise InvalidInput({"ended_on": ["免职时间不能早于任职时间"]})
    _checked(CadrePost, {"ended_on": ended_on}, post.cadre)
    post.ended_on = ended_on
    post.save(update_fields=["ended_on"])
    _record(actor, post.cadre, source, f"免去{post}", {"职务": str(post)},
            {"免职时间": ended_on.isoformat()})  # fmt: skip


@transaction.atomic
def cadre_record_add(*, actor: Actor, cadre: Cadre, kind: str, values: dict[str, Any],
                     source: str) -> bool:  # fmt: skip
    """Add one dated record of ``kind`` (education, title, training, assessment, reward,
    matter_report, reserve); an assessment or report of a year already held is replaced.
    False when the same record is already on file (so a second import adds nothing)."""
    require_cadre_permission(actor)
    model, label, keys = _RECORDS[kind]
    _checked(model, values, cadre)
    if kind == "education":
        values = {**values, "rank": EDUCATION_RANK[values["level"]]}
    found = model.objects.filter(cadre=cadre, **{k: values[k] for k in keys}).first()
    shown = {k: str(v) for k, v in values.items()}
    if found is not None:
        before = {k: str(getattr(found, k)) for k in values}
        if before == shown:
            return False
        for name, value in values.items():
            setattr(found, name, value)
        found.save(update_fields=list(values))
        _record(actor, cadre, source, f"修改{label}", before, shown)
        return True
    model.objects.create(cadre=cadre, **values)
    _record(actor, cadre, source, f"新增{label}", None, shown)
    return True


# The coded values a record may hold, by field (a code outside them is refused, not stored).
_CODES: dict[tuple[type[models.Model], str], list[str]] = {
    (CadrePost, "kind"): PostKind.values,
    (CadrePost, "level"): PostLevel.values,
    (EducationRecord, "level"): Education.values,
    (AnnualAssessment, "result"): AssessmentResult.values,
    (RewardSanction, "kind"): RewardKind.values,
}
# Dates a record may give after today: a report's deadline is set ahead of it. Every other date
# records something that has happened (a post taken up, a course, a decision): not after today.
_FUTURE_DATES = {"due_on"}
_FIRST_YEAR = 1950


def _checked(model: type[models.Model], values: dict[str, Any], cadre: Cadre) -> None:
    """``values`` of one record of ``model`` of ``cadre`` as every door must give them:
    required texts present and within their length, codes known, years and hours in range,
    every date within the cadre's life (not before the birth date, not after today), an end
    not before its start. ``InvalidInput`` naming each field in Chinese."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    for name, value in values.items():
        field = model._meta.get_field(name)
        label = str(getattr(field, "verbose_name", name))
        codes = _CODES.get((model, name))
        if codes is not None and value not in codes:
            errors[name] = [f"{label}不是有效的选项"]
        elif isinstance(field, models.CharField) and isinstance(value, str):
            if not value.strip() and not field.blank:
                errors[name] = [f"{label}不能为空"]
            elif field.max_length is not None and len(value) > field.max_length:
                errors[name] = [f"{label}不能超过{field.max_length}个字"]
        elif isinstance(value, date):
            problem = date_problem(label, value, cadre.birth_date, future=name in _FUTURE_DATES)
            if problem:
                errors[name] = [problem]
        elif name == "year" and value is not None:
            first = max(_FIRST_YEAR, cadre.birth_date.year)
            if not first <= int(value) <= today.year:
                errors[name] = [f"{label}应在{first}年至{today.year}年之间"]
        elif name == "hours" and not 1 <= int(value) <= 2000:
            errors[name] = [f"{label}应为1至2000之间的整数"]
    _check_order(values, errors)
    if errors:
        raise InvalidInput(errors)


def date_problem(label: str, value: date, birth: date, *, future: bool = False) -> str:
    """Why ``value`` (the date called ``label``) cannot be a date of the life of a cadre born on
    ``birth``: before the birth, or after today unless ``future``; "" when it can."""
    if value < birth:
        return f"{label}不能早于该干部的出生日期（{format_cn_date(birth)}），请核对"
    if not future and value > timezone.localdate():
        return f"{label}不能晚于今天"
    return ""


def _check_order(values: dict[str, Any], errors: dict[str, list[str]]) -> None:
    """An end not before its start; a report's deadline not before its year."""
    start, end = values.get("started_on"), values.get("ended_on")
    if start is not None and end is not None and end < start:
        errors.setdefault("ended_on", ["结束日期不能早于开始日期"])
    since, until = values.get("since"), values.get("until")
    if since is not None and until is not None and until < since:
        errors.setdefault("until", ["调整出后备时间不能早于列为后备时间"])
    due, year = values.get("due_on"), values.get("year")
    if due is not None and year is not None and due.year < int(year):
        errors.setdefault("due_on", [f"报告截止日期不能早于{year}年"])
    reported = values.get("reported_on")
    if reported is not None and year is not None and reported.year < int(year):
        errors.setdefault("reported_on", [f"报告日期不能早于{year}年"])


_RECORDS: dict[str, tuple[Any, str, tuple[str, ...]]] = {
    "education": (EducationRecord, "学历学位", ("level", "graduated_on")),
    "title": (ProfessionalTitle, "专业技术职称", ("name", "obtained_on")),
    "training": (TrainingRecord, "培训记录", ("name", "started_on")),
    "assessment": (AnnualAssessment, "年度考核结果", ("year",)),
    "reward": (RewardSanction, "奖惩记录", ("kind", "name", "decided_on")),
    "matter_report": (PersonalMatterReport, "个人有关事项报告", ("year",)),
    "reserve": (ReserveCadre, "后备干部", ("unit", "title", "since")),
}


def record_keys(kind: str) -> tuple[str, ...]:
    """The fields that identify a record of ``kind`` on a file (a second record with the same
    values replaces the first rather than adding one)."""
    return _RECORDS[kind][2]


@transaction.atomic
def cadre_access_grant(*, actor: Actor, grant: RoleGrant) -> CadreAccess:
    """Give ``grant`` (a system or organisation administrator's) the cadre permission."""
    if not may_grant_cadre_access(actor):
        raise PermissionDenied("仅安全管理员可授予干部信息查看权限（三员分立）")
    if grant.role not in (Role.SYSTEM_ADMIN, Role.ORG_ADMIN):
        raise InvalidInput({"grant": ["干部信息查看权限只能授予系统管理员或组织管理员角色"]})
    access, _ = CadreAccess.objects.get_or_create(grant=grant, defaults={
        "granted_by": acting_user(actor)})  # fmt: skip
    audit(actor=actor, action="cadre.access_grant", obj=grant, detail=f"授予{access}")
    return access


@transaction.atomic
def cadre_access_revoke(*, actor: Actor, grant: RoleGrant) -> bool:
    """Take the cadre permission from ``grant``; False when it did not carry it."""
    if not may_grant_cadre_access(actor):
        raise PermissionDenied("仅安全管理员可撤销干部信息查看权限（三员分立）")
    deleted, _ = CadreAccess.objects.filter(grant=grant).delete()
    if deleted:
        audit(actor=actor, action="cadre.access_revoke", obj=grant, detail="撤销干部信息查看权限")
    return bool(deleted)


def cadre_in_scope(actor: Actor, cadre_id: int) -> Cadre:
    """The cadre for a write, within the actor's cadre scope; Http404 otherwise."""
    require_cadre_permission(actor)
    cadre = Cadre.objects.filter(cadre_org_q(actor), pk=cadre_id).first()
    if cadre is None:
        raise Http404("未找到该干部")
    return cadre
