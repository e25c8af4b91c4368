"""The people a job's test works on, written the same way in the test's database and in a
deployment's (``python -c "from tests.jobs.seed import seed_people; seed_people()"``)."""

from __future__ import annotations

from types import SimpleNamespace

from tests.factories import Role, make_member, make_org, make_user


def seed_people() -> SimpleNamespace:
    """A 党委 with two branches, each branch's secretary, the 党委's administrator and three
    members with user accounts: enough due items for the reminder scan to send a dozen."""
    root = make_org("测试公司党委", "committee")
    branch_a = make_org("一支部", "branch", root)
    branch_b = make_org("二支部", "branch", root)
    member_a = make_member(branch_a, name="张三", phone="13800000001")
    member_a2 = make_member(branch_a, name="赵六")
    member_b = make_member(branch_b, name="李四")
    return SimpleNamespace(
        root=root, branch_a=branch_a, branch_b=branch_b,
        secretary_a=make_user("shuji_a", Role.SECRETARY, branch_a),
        secretary_b=make_user("shuji_b", Role.SECRETARY, branch_b),
        admin=make_user("dangwei", Role.ORG_ADMIN, root),
        member_a=make_user("dangyuan_a", member=member_a),
        member_a2=make_user("dangyuan_a2", member=member_a2),
        member_b=make_user("dangyuan_b", member=member_b),
    )  # fmt: skip
