"""Loading the demo through the services, so that every record has its real history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from dangjian.alerts.services import scan_alerts
from dangjian.core.actor import Actor
from dangjian.demo.cadres import load_cadres
from dangjian.demo.development import BranchActors, load_development
from dangjian.demo.discipline import load_discipline
from dangjian.demo.dues import load_dues
from dangjian.demo.dynamics import DynamicsActors, load_dynamics
from dangjian.demo.elections import load_elections
from dangjian.demo.meetings import load_meetings
from dangjian.demo.orgplan import OrgSpec
from dangjian.demo.people import PersonSpec
from dangjian.demo.plan import DemoPlan, work_unit
from dangjian.demo.positions import PositionSpec
from dangjian.demo.study import load_study
from dangjian.demo.users import DemoScopes, create_admin, create_branch_users, create_org_admin
from dangjian.members.choices import Stage, Status
from dangjian.members.inputs import MemberInput, member_input_from
from dangjian.members.models import Member, Position
from dangjian.members.services import member_change, member_confirm, member_create
from dangjian.orgs.models import Organization
from dangjian.orgs.services import OrgInput, org_create
from dangjian.rules.sources import rule_citation

_STATUS_REASONS = {
    Status.SUSPENDED: f"失去联系满6个月仍无法取得联系，停止党籍（依据{rule_citation('MEM-4')}）",
    Status.TRANSFERRED_OUT: f"工作调动，组织关系转出本系统（依据{rule_citation('MEM-2')}）",
    Status.DECEASED: "病故",
}


@dataclass(frozen=True)
class LoadResult:
    organisations: int
    members: int
    positions: int


def scopes_of(plan: DemoPlan, org_pk: dict[str, int]) -> DemoScopes:
    """The organisations of the demo users: the top 党委, 运维检修党总支 and two branches."""
    top = plan.tree.orgs[0].key
    get = Organization.objects.get
    return DemoScopes(
        root=get(pk=org_pk[top]),
        general_branch=get(pk=org_pk[plan.key("yj")]),
        branch1=get(pk=org_pk[plan.key("yj1")]),
        branch2=get(pk=org_pk[plan.key("x0s0")]),
    )


@transaction.atomic
def load_with_services(plan: DemoPlan, *, password: str) -> LoadResult:
    admin = create_admin(password)
    org_pk: dict[str, int] = {}
    for spec in plan.tree.orgs:
        org_pk[spec.key] = _create_org(spec, org_pk.get(spec.parent or ""), admin)
    scopes = scopes_of(plan, org_pk)
    actor = create_org_admin("zuzhibu", "王红梅", scopes.root, password)
    create_org_admin("zongzhi", "刘振东", scopes.general_branch, password)
    members = positions = 0
    for batch in plan.batches():
        ids = {p.index: _create_member(p, plan, org_pk, actor).pk for p in batch.people}
        _create_positions(batch.positions, ids, org_pk)
        members, positions = members + len(ids), positions + len(batch.positions)
    create_branch_users(scopes, password)
    load_dues(actor=admin, today=plan.params.today, seed=plan.params.seed)
    _load_development(plan, scopes, actor, password)
    # 党员动态 before 组织生活: a meeting is marked from the register of its day, which reads
    # the dated 失联 and 流出 records, so those records must exist when the meetings are written.
    load_dynamics(actors=_dynamics_actors(scopes, actor), today=plan.params.today)
    load_meetings(actor=admin, reviewer=actor, today=plan.params.today, seed=plan.params.seed)
    load_elections(today=plan.params.today, seed=plan.params.seed)
    load_cadres(actor=actor, today=plan.params.today, seed=plan.params.seed)
    load_discipline(actor=actor, branch=scopes.branch2, today=_past(plan.params.today))
    load_study(committee=actor, secretary=User.objects.get(username="shuji1"), scopes=scopes,
               today=_past(plan.params.today))  # fmt: skip
    # 智能研判: the first daily scan, so the alerts and the branch scores have something to show.
    # After a bulk load PostgreSQL's planner still believes the tables empty (autovacuum has
    # not looked yet, or cannot see a load not yet committed), and the scan's nested reads
    # would run for minutes on such plans: refresh its statistics first.
    _refresh_planner_statistics()
    scan_alerts(on=_past(plan.params.today))
    return LoadResult(len(org_pk), members, positions)


def _refresh_planner_statistics() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _past(day: date) -> date:
    # The services refuse a decision after today; a demo planned for a later day is clamped.
    return min(day, timezone.localdate())


def _load_development(plan: DemoPlan, scopes: DemoScopes, committee: User, password: str) -> None:
    """People in the 发展党员 process in the two demo branches, recorded by their secretaries
    (shuji1, shuji2) and, for the 党委's steps, by the 党委 organisation administrator."""
    branches = [
        BranchActors(branch, User.objects.get(username=f"shuji{n}"), committee)
        for n, branch in ((1, scopes.branch1), (2, scopes.branch2))
    ]
    load_development(
        branches=branches, today=plan.params.today, seed=plan.params.seed, password=password
    )


def _dynamics_actors(scopes: DemoScopes, committee: User) -> DynamicsActors:
    """shuji1's and shuji2's branches and the 党委 organisation administrator (党员动态)."""
    return DynamicsActors(
        branch1=scopes.branch1, branch2=scopes.branch2,
        secretary1=User.objects.get(username="shuji1"),
        secretary2=User.objects.get(username="shuji2"), committee=committee,
    )  # fmt: skip


def org_fields(spec: OrgSpec) -> dict[str, Any]:
    """The organisation's own fields, the same on the service path and the bulk path."""
    return {
        "name": spec.name,
        "code": spec.code,
        "kind": spec.kind,
        "unit_name": spec.unit_name,
        "unit_type": "sole_state",
        "unit_count": spec.unit_count,
        "founded_on": spec.founded_on,
        "is_retirees_branch": spec.is_retirees,
        "term_started_on": spec.term_started_on,
        "sort_order": spec.sort_order,
    }


def _create_org(spec: OrgSpec, parent_pk: int | None, actor: Actor) -> int:
    data = OrgInput(**org_fields(spec), parent_id=parent_pk)
    return org_create(actor=actor, data=data).pk


def member_input(person: PersonSpec, plan: DemoPlan, org_pk: dict[str, int]) -> MemberInput:
    """The record as it was on the day the member joined: probationary, in the first branch,
    built by the one builder the form and the import use."""
    return member_input_from(
        dict(
            name=person.name,
            gender=person.gender,
            birth_date=person.birth_date,
            id_number=person.id_number,
            ethnicity=person.ethnicity,
            education=person.education,
            occupation=person.first_occupation,
            stage=Stage.PROBATIONARY,
            dues_category=person.first_dues_category,
            organization_id=org_pk[person.first_org],
            joined_on=person.joined_on,
            applied_on=person.applied_on,
            phone=person.phone,
            native_place=person.native_place,
            job_title=person.first_job_title,
            work_unit=work_unit(plan.orgs[person.first_org]),
            address=person.address,
            party_group_id=org_pk[person.first_group] if person.first_group else None,
            in_difficulty=person.in_difficulty,
            is_leading_cadre=person.is_leading_cadre,
        )
    )


def _create_member(
    person: PersonSpec, plan: DemoPlan, org_pk: dict[str, int], actor: User
) -> Member:
    member = member_create(
        actor=actor, data=member_input(person, plan, org_pk), reason="建立党员档案（入党）"
    )
    if person.confirmed_on:
        reason = f"预备期满，支部大会讨论通过，按期转为正式党员（依据{rule_citation('DEV-19')}）"
        member_confirm(
            actor=actor, member_id=member.pk, confirmed_on=person.confirmed_on, reason=reason
        )
    for move in person.moves:
        # A historic move, recorded as the transfer it was (accepted then).
        member_change(actor=actor, member_id=member.pk, effective_on=move.on,
                      changes=_move_changes(move, person, plan, org_pk),
                      reason=_move_reason(move.retire), transfer_accepted=True)  # fmt: skip
    _later_steps(member, person, actor)
    return member


def _move_changes(
    move: Any, person: PersonSpec, plan: DemoPlan, org_pk: dict[str, int]
) -> dict[str, Any]:
    changes: dict[str, Any] = {
        "organization_id": org_pk[move.org],
        "party_group_id": org_pk[move.group] if move.group else None,
        "work_unit": work_unit(plan.orgs[move.org]),
    }
    if move.retire:
        changes.update(
            occupation="retired", job_title=person.job_title, dues_category=person.dues_category
        )
    return changes


def _move_reason(retire: bool) -> str:
    if retire:
        return "退休，组织关系转入离退休党支部"
    return f"工作调动，组织关系在本单位党委内转接（依据{rule_citation('MEM-2')}）"


def _later_steps(member: Member, person: PersonSpec, actor: User) -> None:
    if person.floating_since:
        changes = {"is_floating": True, "floating_to": person.floating_to}
        _change(
            member,
            actor,
            person.floating_since,
            changes,
            f"外出6个月以上未转移组织关系，列为流动党员（依据{rule_citation('MEM-3')}）",
        )
    if person.lost_since:
        _change(
            member,
            actor,
            person.lost_since,
            {"lost_contact_since": person.lost_since},
            f"与党组织失去联系（依据{rule_citation('MEM-4')}）",
        )
    if person.status_on:
        _change(
            member,
            actor,
            person.status_on,
            {"status": person.status},
            _STATUS_REASONS[Status(person.status)],
        )


def _change(member: Member, actor: User, on: date, changes: dict[str, Any], reason: str) -> None:
    member_change(actor=actor, member_id=member.pk, changes=changes, effective_on=on, reason=reason)


def _create_positions(
    specs: list[PositionSpec], ids: dict[int, int], org_pk: dict[str, int]
) -> None:
    Position.objects.bulk_create(
        Position(
            member_id=ids[s.person.index],
            organization_id=org_pk[s.org],
            title=s.title,
            started_on=s.started_on,
        )
        for s in specs
    )
