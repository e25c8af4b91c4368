"""``dangjian bench_cadres``: generate cadres and time the enterprise-wide analysis against
hand-written SQL in the same run (target: at most 3 times the SQL).

Writes into the database configured by ``DATABASE_URL``; refuses when cadres are already on
file unless ``--force`` (which deletes every cadre first). Meant for a benchmark database.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from dangjian.accounts.models import Role, RoleGrant
from dangjian.cadres.models import (
    EDUCATION_RANK,
    Cadre,
    CadreAccess,
    CadrePost,
    EducationRecord,
    PostLevel,
)
from dangjian.cadres.selectors import cadre_analysis, retirement_ages
from dangjian.core import crypto
from dangjian.members.choices import Education
from dangjian.orgs.models import Organization
from dangjian.rules.cadres import AGE_BANDS, TENURE_BANDS, retiring_births, start_range
from dangjian.rules.idcard import make_id_number

TARGET_RATIO = 3.0
OPEN = "p.started_on <= %s AND (p.ended_on IS NULL OR p.ended_on >= %s)"


class Command(BaseCommand):
    help = "生成干部数据并测量全企业干部队伍分析的耗时，与手写SQL对比（目标比值≤3）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cadres", type=int, default=50_000)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--force", action="store_true", help="先删除已有的全部干部数据")

    def handle(self, *args: Any, **options: Any) -> None:
        if Cadre.objects.exists() and not options["force"]:
            raise CommandError(
                "数据库中已有干部数据；如确认用于基准测试，请加 --force（将删除全部干部数据）"
            )
        Cadre.objects.all().delete()
        started = time.perf_counter()
        user = _generate(options["cadres"], options["seed"])
        self.stdout.write(
            f"已生成{options['cadres']}名干部，用时{time.perf_counter() - started:.1f}秒"
        )
        on = date.today()
        ours, theirs = [], []
        ours_result = cadre_analysis(user, on, people=False)
        for _ in range(options["repeat"]):
            ours.append(_timed(lambda: cadre_analysis(user, on, people=False)))
            theirs.append(_timed(lambda: _hand_sql(on)))
        hand, mine = _hand_sql(on), _summary(ours_result)
        same = hand == mine
        for key in hand:
            if hand[key] != mine.get(key):
                self.stderr.write(f"{key}: 手写SQL {hand[key]}，平台 {mine.get(key)}")
        ratio = statistics.median(ours) / statistics.median(theirs)
        self.stdout.write(
            f"{connection.vendor}: 干部队伍分析（全企业，{ours_result.total}人在任） "
            f"{statistics.median(ours):.1f} ms，手写SQL {statistics.median(theirs):.1f} ms，"
            f"比值 {ratio:.2f}（目标≤{TARGET_RATIO:g}），结果{'一致' if same else '不一致'}"
        )
        if not same:
            raise CommandError("平台结果与手写SQL结果不一致")


def _timed(call: Any) -> float:
    begin = time.perf_counter()
    call()
    return (time.perf_counter() - begin) * 1000


@transaction.atomic
def _generate(count: int, seed: int) -> User:
    rng = random.Random(seed)
    tree: Any = Organization  # treebeard's add_root/add_child are not typed
    root = Organization.objects.filter(code="BENCH-CADRE").first() or tree.add_root(
        name="基准测试公司党委", code="BENCH-CADRE", kind="committee"
    )
    units = list(Organization.objects.filter(code__startswith="BENCH-CADRE-")) or [
        tree.add_child(root, name=f"基准单位{n}党委", code=f"BENCH-CADRE-{n}", kind="committee")
        for n in range(50)
    ]
    user, _ = User.objects.get_or_create(username="bench_cadres")
    grant, _ = RoleGrant.objects.get_or_create(user=user, role=Role.SYSTEM_ADMIN, organization=None)
    CadreAccess.objects.get_or_create(grant=grant)
    today, levels, edus = date.today(), PostLevel.values, Education.values
    for start in range(0, count, 5000):
        batch = []
        for n in range(start, min(count, start + 5000)):
            birth = date(1962, 1, 1) + timedelta(days=rng.randint(0, 365 * 35))
            gender = "F" if rng.random() < 0.25 else "M"
            number = make_id_number("210102", birth, n % 499, gender)
            batch.append(Cadre(name=f"干部{n}", gender=gender, birth_date=birth, id_number=number,
                               id_number_hash=crypto.lookup_hash(f"{number}-{n}"),
                               organization=rng.choice(units)))  # fmt: skip
        made = Cadre.objects.bulk_create(batch)
        posts, edu = [], []
        for c in made:
            since = today - timedelta(days=rng.randint(0, 4000))
            posts.append(CadrePost(cadre=c, kind="administrative", unit=f"部门{rng.randint(1, 300)}",
                                   title="主任", level=rng.choice(levels), started_on=since))  # fmt: skip
            level = rng.choice(edus)
            edu.append(EducationRecord(cadre=c, level=level, rank=EDUCATION_RANK[level],
                                       graduated_on=date(c.birth_date.year + 22, 7, 1)))  # fmt: skip
        CadrePost.objects.bulk_create(posts)
        EducationRecord.objects.bulk_create(edu)
    return User.objects.get(pk=user.pk)


def _band_sql(column: str, bands: Any, on: date) -> tuple[str, list[Any]]:
    parts, params = [], []
    for band in bands:
        after, up_to = start_range(band, on)
        if after is None:
            parts.append(f"WHEN {column} <= %s THEN %s")
            params += [up_to, band.label]
        else:
            parts.append(f"WHEN {column} <= %s AND {column} > %s THEN %s")
            params += [up_to, after, band.label]
    return "CASE " + " ".join(parts) + " ELSE '' END", params


def _hand_sql(on: date) -> dict[str, Any]:
    """The same counts in SQL written by hand (the baseline)."""
    active = f"EXISTS (SELECT 1 FROM cadres_cadrepost p WHERE p.cadre_id = c.id AND {OPEN})"
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM cadres_cadre c WHERE {active}", [on, on])
        total = cur.fetchone()[0]
        case, params = _band_sql("c.birth_date", AGE_BANDS, on)
        cur.execute(f"SELECT {case}, COUNT(*) FROM cadres_cadre c WHERE {active} GROUP BY 1",
                    [*params, on, on])  # fmt: skip
        ages = dict(cur.fetchall())
        case, params = _band_sql("t.since", TENURE_BANDS, on)
        cur.execute(f"SELECT {case}, COUNT(*) FROM (SELECT (SELECT MAX(p.started_on) FROM "
                    f"cadres_cadrepost p WHERE p.cadre_id = c.id AND {OPEN}) AS since FROM "
                    f"cadres_cadre c WHERE {active}) t GROUP BY 1", [*params, on, on, on, on])  # fmt: skip
        tenure = dict(cur.fetchall())
        cur.execute(f"SELECT (SELECT MIN(e.rank) FROM cadres_educationrecord e WHERE e.cadre_id = c.id "
                    f"AND e.graduated_on <= %s), COUNT(*) FROM cadres_cadre c WHERE {active} GROUP BY 1",
                    [on, on, on])  # fmt: skip
        education = dict(cur.fetchall())
        cur.execute(
            f"SELECT gender, COUNT(*) FROM cadres_cadre c WHERE {active} GROUP BY 1", [on, on]
        )
        gender = dict(cur.fetchall())
        retiring = {}
        for n in (1, 2, 3):
            conds, params = [], []
            for sex, age in retirement_ages().items():
                after, up_to = retiring_births(age, on, n)
                conds.append("(c.gender = %s AND c.birth_date > %s AND c.birth_date <= %s)")
                params += [sex, after, up_to]
            cur.execute(f"SELECT COUNT(*) FROM cadres_cadre c WHERE {active} AND ({' OR '.join(conds)})",
                        [on, on, *params])  # fmt: skip
            retiring[n] = cur.fetchone()[0]
        order = " ".join(f"WHEN '{code}' THEN {n}" for n, code in enumerate(PostLevel.values))
        cur.execute(f"SELECT best, COUNT(*) FROM (SELECT p.cadre_id, MIN(CASE p.level {order} ELSE 99 END) "
                    f"AS best FROM cadres_cadrepost p WHERE {OPEN} GROUP BY p.cadre_id) t GROUP BY best",
                    [on, on])  # fmt: skip
        levels = {PostLevel.labels[k]: v for k, v in cur.fetchall()}
    return {"total": total, "ages": {k: v for k, v in ages.items() if k},
            "tenure": {k: v for k, v in tenure.items() if k}, "education": education,
            "gender": gender, "retiring": retiring, "levels": levels}  # fmt: skip


def _summary(found: Any) -> dict[str, Any]:
    labels = dict(enumerate([label for _c, label in Education.choices], start=1))
    education: dict[int | None, int] = {
        n: found.education[labels[n]] for n in labels if found.education[labels[n]]
    }
    if found.education["未登记"]:
        education[None] = found.education["未登记"]
    return {"total": found.total, "ages": {k: v for k, v in found.ages.items() if v},
            "tenure": {k: v for k, v in found.tenure.items() if v}, "education": education,
            "gender": {k: v for k, v in (("M", found.gender["男"]), ("F", found.gender["女"])) if v},
            "retiring": found.retiring, "levels": {k: v for k, v in found.levels.items() if v}}  # fmt: skip
