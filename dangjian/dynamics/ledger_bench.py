"""The 党员动态 benchmark: generated history at scale, the registers' reads against hand-written SQL.

Generation (``generate``, PostgreSQL only): the demo's organisation tree at the requested size
(``bulk_organisations``, with its path history), then, set-based in SQL (``generate_series``,
``INSERT ... SELECT``: minutes, not hours, at a million members), the members spread over the
branches with their first membership period, and last year's history by member id:

====================  ====================================================================
share                 what happened last year (the day spread over the year by id)
====================  ====================================================================
2 %                   admitted (发展): probationary from the day, their record starts then
3 %                   transferred inside the platform (accepted, period closed and opened)
1 %                   a 介绍信 out of the platform (half with a 回执, half overdue without)
0.3 %                 died; 0.1 % left the Party (除名 / 退党 / 开除党籍)
1 %                   membership suspended (停止党籍) after lost contact
1 %                   lost contact since a day of the last 900 (the suspension candidates)
1 %                   an open transfer (审批中), not moved: counted by the sender (MEM-2)
1 %                   a floating record (流出); 1 % arrived from outside with a 介绍信
====================  ====================================================================

Each change writes what the services write: the periods, the member row, a ``MemberEvent``
with the reason (the ledger's document), the ``Transfer``/``TransferLetter``/``IncomingLetter``.

Cases (``cases``), timed like ``demo.benchmark`` (selector and baseline alternately, medians):

- a: the root-scope 增减台账 for last year (``ledger_of``: registers, every entry with name,
  organisation and document) against one hand-written query giving the same entries and totals;
- b: the overdue-回执 list, root scope (``letters_without_receipt`` with member and organisation),
  whole and as the letters page's first page (b');
- c: the suspension-proposal list, root scope (``suspension_proposals``: open lost-contact
  records of members in good standing, six months or more since the loss, MEM-4) against one
  hand-written query with PostgreSQL's month arithmetic (which clamps 08-31 + 6 months to the
  end of February, as DATE-1 does).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import connection, transaction

from dangjian.demo.benchmark import Case, benchmark_user
from dangjian.demo.bulk import bulk_organisations
from dangjian.demo.plan import DemoParams, DemoPlan
from dangjian.dynamics.incoming_models import IncomingLetter
from dangjian.dynamics.ledger import Ledger, ledger_of
from dangjian.dynamics.models import FloatingRecord, Transfer, TransferLetter
from dangjian.dynamics.selectors import LETTER_LIST_COLUMNS, letters_without_receipt
from dangjian.dynamics.standing_models import LostContact
from dangjian.dynamics.standing_selectors import suspension_proposals
from dangjian.members.models import Member, MemberEvent, MemberPeriod
from dangjian.orgs.models import Organization, OrganizationPath, subtree_end

# Any later register: a function of (user, today) giving a ``Case`` (the selector as the page
# calls it, and the hand-written SQL with the same rows), measured with the others.
EXTRA_CASES: list[Callable[[User, date], Case]] = []


def _t(model: type[Any]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def generate(*, organisations: int, members: int, seed: int, today: date,
             progress: Callable[[str], None] = lambda line: None) -> None:  # fmt: skip
    """The tree and ``members`` members with last year's history, into an empty database."""
    if connection.vendor != "postgresql":
        raise RuntimeError("党员动态基准测试的数据生成需要PostgreSQL")
    plan = DemoPlan(DemoParams(today=today, members=0, organisations=organisations, seed=seed))
    with transaction.atomic():
        bulk_organisations(plan.tree.orgs)
    progress(f"党组织 {Organization.objects.count()} 个")
    year = today.year - 1
    params: dict[str, Any] = {"n": members, "y0": date(year, 1, 1), "today": today, "year": year}
    with transaction.atomic(), connection.cursor() as cursor:
        for label, sql in _statements():
            cursor.execute(sql.replace(" % ", " %% "), params)  # a literal % beside parameters
            progress(f"{label}：{cursor.rowcount} 行")
    with connection.cursor() as cursor:
        for model in (Member, MemberPeriod, MemberEvent, Transfer, TransferLetter,
                      FloatingRecord, IncomingLetter, Organization, OrganizationPath):  # fmt: skip
            # VACUUM cannot run inside a transaction (a test's): ANALYZE alone there.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{command} {_t(model)}")


def _statements() -> list[tuple[str, str]]:
    """The generation, statement by statement. ``b`` numbers the branches; each member gets a
    bucket (id mod 1000) that says what happens to them last year, and a day of that year."""
    m, p, e = _t(Member), _t(MemberPeriod), _t(MemberEvent)
    tr, lt, fl, inc = _t(Transfer), _t(TransferLetter), _t(FloatingRecord), _t(IncomingLetter)
    org = _t(Organization)
    return [
        (
            "支部编号",
            f"""CREATE TEMP TABLE bench_branch ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, name FROM {org}
            WHERE kind IN ('branch', 'joint_branch', 'temp_branch')""",
        ),
        (
            "党员",
            f"""INSERT INTO {m} (name, name_pinyin, name_initials, gender, ethnicity,
            birth_date, native_place, education, occupation, job_title, work_unit, address,
            applied_on, joined_on, confirmed_on, stage, status, dues_category, organization_id,
            is_floating, floating_to, in_difficulty, is_leading_cadre, created_at, updated_at)
            SELECT '党员' || g, 'dangyuan' || g, 'dy', CASE WHEN g % 3 = 0 THEN 'F' ELSE 'M' END,
              '汉族', DATE '1960-01-01' + (g % 15000)::int, '', 'bachelor', 'professional', '', '', '',
              j - 400, j, CASE WHEN g % 50 = 0 THEN NULL ELSE j + 365 END,
              CASE WHEN g % 50 = 0 THEN 'probationary' ELSE 'full' END, 'normal', 'salaried',
              b.id, false, '', false, false, now(), now()
            FROM generate_series(1, %(n)s) g
            CROSS JOIN LATERAL (SELECT CASE WHEN g % 50 = 0
                THEN %(y0)s::date + (g % 360)::int ELSE DATE '1990-01-01' + (g % 10000)::int END AS j) d
            JOIN bench_branch b ON b.n = g % (SELECT count(*) FROM bench_branch)""",
        ),
        (
            "历史安排",
            f"""CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
            SELECT m.id, m.organization_id AS org, m.stage, m.joined_on, m.id % 1000 AS k,
              %(y0)s::date + ((m.id * 7) % 360)::int AS day, b2.id AS org2
            FROM {m} m JOIN bench_branch bb ON bb.id = m.organization_id
            JOIN bench_branch b2 ON b2.n = (bb.n + 17) % (SELECT count(*) FROM bench_branch)
            WHERE m.stage = 'full'""",
        ),
        (
            "首个任职期间",
            f"""INSERT INTO {p} (member_id, organization_id, status, stage, valid_from)
            SELECT m.id, m.organization_id, 'normal', m.stage,
              CASE WHEN m.id % 1000 BETWEEN 100 AND 109 AND m.stage = 'full'
                THEN %(y0)s::date + ((m.id * 7) % 360)::int ELSE m.joined_on END
            FROM {m} m""",
        ),
        (
            "发展党员事件",
            f"""INSERT INTO {e} (member_id, kind, effective_on, changes, reason, recorded_at)
            SELECT id, 'created', joined_on, '{{}}', '党委审批接收为预备党员', now() FROM {m}
            WHERE stage = 'probationary'""",
        ),
        # 3 %: moved inside the platform (buckets 10-39).
        (
            "系统内转接：关闭期间",
            f"""UPDATE {p} p SET valid_to = x.day FROM bench_plan x
            WHERE p.member_id = x.id AND x.k BETWEEN 10 AND 39""",
        ),
        (
            "系统内转接：新期间",
            f"""INSERT INTO {p} (member_id, organization_id, status, stage, valid_from)
            SELECT id, org2, 'normal', stage, day FROM bench_plan WHERE k BETWEEN 10 AND 39""",
        ),
        (
            "系统内转接：档案",
            f"""UPDATE {m} m SET organization_id = x.org2 FROM bench_plan x
            WHERE m.id = x.id AND x.k BETWEEN 10 AND 39""",
        ),
        (
            "系统内转接：事件",
            f"""INSERT INTO {e} (member_id, kind, effective_on, changes, reason, recorded_at)
            SELECT id, 'transferred', day, jsonb_build_object('organization_id', jsonb_build_array(org, org2)),
              '组织关系转入（工作调动）', now() FROM bench_plan WHERE k BETWEEN 10 AND 39""",
        ),
        (
            "系统内转接：转接记录",
            f"""INSERT INTO {tr} (member_id, from_org_id, to_org_id, effective_on,
              reason, state, levels, approvals, refused_reason, batch, accepted_on, historic,
              created_at, updated_at)
            SELECT id, org, org2, day - 5, '工作调动', 'accepted', '["sending", "receiving"]', '[]', '', '',
              day, false, now(), now() FROM bench_plan WHERE k BETWEEN 10 AND 39""",
        ),
        (
            "转接中（未接收）",
            f"""INSERT INTO {tr} (member_id, from_org_id, to_org_id, effective_on,
              reason, state, levels, approvals, refused_reason, batch, historic, created_at,
              updated_at)
            SELECT id, org, org2, %(today)s::date - (id % 30)::int, '工作调动', 'approving',
              '["sending", "receiving"]', '[]', '', '', false, now(), now()
            FROM bench_plan WHERE k BETWEEN 90 AND 99""",
        ),
        # 1 %: a 介绍信 out of the platform (buckets 40-49); even ids got the 回执.
        *_status_change(
            "介绍信转出",
            "40 AND 49",
            "transferred_out",
            "'开具介绍信' || x.id || '号，转往外省某党委'",
        ),
        (
            "介绍信",
            f"""INSERT INTO {lt} (member_id, organization_id, year, sequence, destination,
              issued_on, valid_until, reason, state, receipt_on, receipt_org, cancel_reason)
            SELECT id, org, %(year)s, row_number() OVER (PARTITION BY org ORDER BY id),
              '外省某党委', day, day + 90, '工作调动',
              CASE WHEN id % 2 = 0 THEN 'receipted' ELSE 'issued' END,
              CASE WHEN id % 2 = 0 THEN day + 20 END, CASE WHEN id % 2 = 0 THEN '外省某党委' ELSE '' END, ''
            FROM bench_plan WHERE k BETWEEN 40 AND 49""",
        ),
        *_status_change("死亡", "50 AND 52", "deceased", "'病故'"),
        *_status_change(
            "出党",
            "53 AND 53",
            "left",
            "(ARRAY['经支部大会讨论，予以除名', '本人申请退党', '开除党籍'])[1 + x.id % 3]",
        ),
        *_status_change(
            "停止党籍", "60 AND 69", "suspended", "'失联超过6个月，经支部大会讨论停止党籍'"
        ),
        (
            "失联",
            f"""UPDATE {m} m SET lost_contact_since = CASE WHEN x.k BETWEEN 60 AND 69
              THEN x.day - 200 ELSE %(today)s::date - ((x.id * 37) % 900)::int END
            FROM bench_plan x WHERE m.id = x.id AND (x.k BETWEEN 60 AND 69 OR x.k BETWEEN 70 AND 79)""",
        ),
        (
            "失联记录",
            f"""INSERT INTO {_t(LostContact)} (member_id, organization_id, lost_since,
              circumstances, found_note, recorded_at)
            SELECT id, organization_id, lost_contact_since, '', '', now() FROM {m}
            WHERE lost_contact_since IS NOT NULL""",
        ),
        (
            "流动党员",
            f"""INSERT INTO {fl} (direction, member_id, organization_id, name, place, since,
              contact, certificate_number, abroad_study)
            SELECT 'out', x.id, x.org, '党员' || x.id, '深圳', x.day, '', '', x.id % 7 = 0
            FROM bench_plan x WHERE x.k BETWEEN 80 AND 89""",
        ),
        (
            "系统外转入：介绍信",
            f"""INSERT INTO {inc} (member_id, organization_id, number, issuing_org,
              from_unit, issued_on, valid_until, received_on, records_received, created_at)
            SELECT m.id, m.organization_id, 'Z' || m.id, '外省某党委', '', d - 10, d + 60, d, true, now()
            FROM {m} m CROSS JOIN LATERAL (SELECT %(y0)s::date + ((m.id * 7) % 360)::int AS d) dd
            WHERE m.id % 1000 BETWEEN 100 AND 109 AND m.stage = 'full'""",
        ),
        (
            "系统外转入：事件",
            f"""INSERT INTO {e} (member_id, kind, effective_on, changes, reason, recorded_at)
            SELECT member_id, 'created', received_on, '{{}}', '凭外省某党委' || number || '号介绍信转入', now()
            FROM {inc}""",
        ),
    ]


def _status_change(label: str, buckets: str, status: str, reason: str) -> list[tuple[str, str]]:
    """A change of standing status on the plan's day for the members of ``buckets``."""
    m, p, e = _t(Member), _t(MemberPeriod), _t(MemberEvent)
    where = f"x.k BETWEEN {buckets}"
    return [
        (f"{label}：关闭期间", f"UPDATE {p} p SET valid_to = x.day FROM bench_plan x "
                             f"WHERE p.member_id = x.id AND p.valid_to IS NULL AND {where}"),
        (f"{label}：新期间", f"""INSERT INTO {p} (member_id, organization_id, status, stage, valid_from)
            SELECT x.id, x.org, '{status}', x.stage, x.day FROM bench_plan x WHERE {where}"""),
        (f"{label}：档案", f"UPDATE {m} m SET status = '{status}' FROM bench_plan x "
                          f"WHERE m.id = x.id AND {where}"),
        (f"{label}：事件", f"""INSERT INTO {e} (member_id, kind, effective_on, changes, reason, recorded_at)
            SELECT x.id, 'status', x.day, jsonb_build_object('status', jsonb_build_array('normal', '{status}')),
              {reason}, now() FROM bench_plan x WHERE {where}"""),
    ]  # fmt: skip


# -- the cases ---------------------------------------------------------------------------


def _ledger_rows(ledger: Ledger) -> tuple[int, int, list[tuple[int, date, str, str, str]]]:
    entries = sorted(
        (e.member_id, e.day, e.change.value, e.name, e.document) for e in ledger.entries
    )
    return ledger.opening, ledger.closing, entries


# The ledger by hand: the subtree (no organisation moved in the generated year), the periods
# starting in the year with the one that ended that day, each side counted or not, the kind
# as ``rules.membership_ledger.classify`` gives it, the name and the first recorded reason; the
# registers of the eve and of the last day as two counts.
LEDGER_SQL = """
WITH sub AS (
  SELECT organization_id FROM {path} WHERE path >= %(lo)s AND path < %(hi)s AND valid_to IS NULL
), ch AS (
  SELECT a.member_id, a.valid_from AS day, a.status AS st_after, b.status AS st_before,
    a.organization_id AS org_after, b.organization_id AS org_before, a.stage,
    (a.status = 'normal' AND a.organization_id IN (SELECT organization_id FROM sub)) AS now_in,
    COALESCE(b.status = 'normal' AND b.organization_id IN (SELECT organization_id FROM sub), false) AS was_in
  FROM {period} a LEFT JOIN {period} b ON b.member_id = a.member_id AND b.valid_to = a.valid_from
  WHERE a.valid_from BETWEEN %(start)s AND %(end)s
), moved AS (
  SELECT ch.*, m.name,
    CASE WHEN now_in THEN
      CASE WHEN EXISTS (SELECT 1 FROM {incoming} i WHERE i.member_id = ch.member_id AND i.received_on = ch.day)
             THEN 'transfer_in_letter'
           WHEN st_before IS NULL THEN
             CASE WHEN ch.stage = 'probationary' AND m.joined_on = ch.day THEN 'developed' ELSE 'other_in' END
           WHEN st_before = 'suspended' THEN 'restored'
           WHEN st_before = 'normal' THEN 'transfer_in' ELSE 'other_in' END
    ELSE
      CASE st_after WHEN 'normal' THEN 'transfer_out' WHEN 'transferred_out' THEN 'transfer_out_letter'
        WHEN 'deceased' THEN 'died' WHEN 'left' THEN 'left_party' WHEN 'suspended' THEN 'suspended'
        ELSE 'other_out' END
    END AS kind
  FROM ch JOIN {member} m ON m.id = ch.member_id
  WHERE now_in <> was_in
)
SELECT
  (SELECT count(*) FROM {period} p JOIN sub ON sub.organization_id = p.organization_id
   WHERE p.status = 'normal' AND p.valid_from <= %(eve)s AND (p.valid_to IS NULL OR p.valid_to > %(eve)s)),
  (SELECT count(*) FROM {period} p JOIN sub ON sub.organization_id = p.organization_id
   WHERE p.status = 'normal' AND p.valid_from <= %(end)s AND (p.valid_to IS NULL OR p.valid_to > %(end)s)),
  moved.member_id, moved.day, moved.kind, moved.name,
  COALESCE((SELECT e.reason FROM {event} e
            WHERE e.member_id = moved.member_id AND e.effective_on = moved.day
              AND e.kind IN ('created', 'transferred', 'status') AND e.reason <> ''
            ORDER BY e.id LIMIT 1), '')
FROM moved
"""


def ledger_case(root: Organization, start: date, end: date) -> Case:
    eve = date.fromordinal(start.toordinal() - 1)
    sql = LEDGER_SQL.format(
        path=_t(OrganizationPath), period=_t(MemberPeriod), member=_t(Member),
        event=_t(MemberEvent), incoming=_t(IncomingLetter),
    )  # fmt: skip
    params = {"lo": root.path, "hi": subtree_end(root.path), "start": start, "end": end,
              "eve": eve}  # fmt: skip

    def normalise(rows: list[tuple[Any, ...]]) -> Any:
        opening = rows[0][0] if rows else None
        closing = rows[0][1] if rows else None
        entries = sorted((r[2], r[3], r[4], r[5], r[6]) for r in rows)
        return opening, closing, entries

    # ``Case`` types its parameters as a tuple; the cursor takes the mapping as well.
    return Case(f"a 党员增减台账(全系统, {start.year}年)",
                lambda: _ledger_rows(ledger_of(root, start, end)), sql, cast(Any, params),
                normalise)  # fmt: skip


PAGE = 50  # the letters page shows 50 a page
OVERDUE_COLUMNS = ("pk", "year", "sequence", "destination", "issued_on", "valid_until")


def overdue_receipts_cases(user: User, today: date) -> list[Case]:
    """(b) Letters past validity without a 回执, root scope, with the member's and the
    organisation's names: the whole list as rows of the columns shown (b), and the letters
    page's first page of 50 as the page reads it (model objects with ``select_related`` and
    only the columns shown, b')."""
    sql = (
        "SELECT l.id, l.year, l.sequence, l.destination, l.issued_on, l.valid_until, m.name, o.name "
        f"FROM {_t(TransferLetter)} l JOIN {_t(Member)} m ON m.id = l.member_id "
        f"JOIN {_t(Organization)} o ON o.id = l.organization_id "
        "WHERE l.state = 'issued' AND l.valid_until < %s ORDER BY l.valid_until, l.id"
    )

    def rows() -> list[tuple[Any, ...]]:
        listed = letters_without_receipt(user, today).order_by("valid_until", "pk")
        values = listed.values_list(*OVERDUE_COLUMNS, "member__name", "organization__name")
        return [tuple(r) for r in values]

    def first_page() -> list[tuple[Any, ...]]:
        listed = (
            letters_without_receipt(user, today)
            .order_by("valid_until", "pk")
            .select_related("member", "organization")
            .only(*LETTER_LIST_COLUMNS)[:PAGE]
        )
        return [
            (r.pk, r.year, r.sequence, r.destination, r.issued_on, r.valid_until, r.member.name,
             r.organization.name)
            for r in listed
        ]  # fmt: skip

    def same(found: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in found]

    return [
        Case("b 逾期未回执介绍信(全系统, 列表各列)", rows, sql, (today,), same),
        Case(
            f"b' 逾期未回执页面首页({PAGE}行, 模型对象)",
            first_page,
            f"{sql} LIMIT {PAGE}",
            (today,),
            same,
        ),
    ]


def suspension_proposals_case(user: User, today: date) -> Case:
    """(c) The 停止党籍 proposals, root scope: record, member, branch, lost since, due on."""
    sql = (
        "SELECT c.id, m.name, o.name, c.lost_since, "
        "(c.lost_since + interval '6 months')::date AS due "
        f"FROM {_t(LostContact)} c JOIN {_t(Member)} m ON m.id = c.member_id "
        f"JOIN {_t(Organization)} o ON o.id = m.organization_id "
        "WHERE c.found_on IS NULL AND m.status = 'normal' "
        "AND c.lost_since + interval '6 months' <= %s ORDER BY c.lost_since, c.id"
    )

    def rows() -> list[tuple[Any, ...]]:
        return [
            (p.record_id, p.member_name, p.organization_name, p.lost_since, p.due_on)
            for p in suspension_proposals(user, today)
        ]  # fmt: skip

    def same(found: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in found]

    return Case("c 停止党籍提议(全系统)", rows, sql, (today,), same)


def cases(today: date) -> list[Case]:
    user = benchmark_user()
    root = Organization.objects.filter(depth=1).order_by("path").first()
    assert root is not None, "数据库中没有党组织"
    year = today.year - 1
    return [
        ledger_case(root, date(year, 1, 1), date(year, 12, 31)),
        *overdue_receipts_cases(user, today),
        suspension_proposals_case(user, today),
        *(make(user, today) for make in EXTRA_CASES),
    ]
