"""The demo's cadre database is written through the cadre services, which refuse a date before
the cadre's birth or after today and the same post twice: whatever the seed and the ages, the
demo's records pass them."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import timezone

from dangjian.accounts.models import Role
from dangjian.cadres.models import Cadre, CadrePost
from dangjian.demo.cadres import MAX_CADRES, load_cadres
from dangjian.rules.dates import add_years
from tests.factories import make_member, make_user


@pytest.mark.parametrize("seed", [3, 7, 11])
def test_the_demo_files_young_and_old_cadres_of_every_seed(
    enterprise: SimpleNamespace, seed: int
) -> None:
    today = timezone.localdate()
    # 30 and 31 years old: the demo's first post "at 30" would be in the future for one, the
    # day itself for the other; 26: work began at 22, a post only today; the rest older.
    ages = (26, 30, 31, 34, 41, 48, 55, 58, 35, 45, 52, 37)
    for n, age in enumerate(ages):
        birth = add_years(today, -age).replace(day=1)
        make_member(enterprise.branch_a, birth_date=birth, is_leading_cadre=True,
                    joined_on=date(max(birth.year + 20, 2000), 7, 1),
                    confirmed_on=date(max(birth.year + 21, 2001), 7, 1), name=f"干部{n}")  # fmt: skip
    admin = make_user("zuzhibu_t", Role.ORG_ADMIN, enterprise.root)
    filed = load_cadres(actor=admin, today=today, seed=seed)
    assert filed == min(len(ages), MAX_CADRES) == Cadre.objects.count()
    for cadre in Cadre.objects.all():
        posts = CadrePost.objects.filter(cadre=cadre)
        assert posts.exists()
        assert all(post.started_on <= today for post in posts)
        titles = [(p.unit, p.title) for p in posts]
        assert len(titles) == len(set(titles)), titles
