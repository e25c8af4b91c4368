from dangjian.accounts.access import visible_members


def test_secretary_sees_only_own_branch(enterprise, member_a, member_b, secretary_a):
    """DESIGN access: a branch secretary sees the own branch only."""
    assert list(visible_members(secretary_a)) == [member_a]
