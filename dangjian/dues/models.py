"""党费 records: settings, payroll and declared bases, the monthly ledger and everything around it.

Amounts are computed by the pure rules in ``dangjian.rules.dues``; these tables keep what was
computed, with its explanation, so a page shown next year says what was said then. A ledger row
of a closed month is never edited: corrections are ``LedgerAdjustment`` rows with a reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from dangjian.members.choices import DUES_CATEGORY_CHOICES
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.dues import ItemCategory, Rounding

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}
# A self-employed base is an average of three months and keeps its precision (DUES-4, DUES-15).
BASE: dict[str, Any] = {"max_digits": 18, "decimal_places": 6}
USER = settings.AUTH_USER_MODEL


class Method(models.TextChoices):
    CASH = "cash", "现金"
    TRANSFER = "transfer", "转账"
    ONLINE = "online", "线上"


class PayerKind(models.TextChoices):
    SELF = "self", "本人"
    PROXY = "proxy", "代缴"


class DuesPolicy(models.Model):
    """The deployment's dues settings (one row). ``dangjian.dues.policy`` turns it into rules."""

    reading_2017 = models.BooleanField("按2017年通知口径扣除个人社保、公积金、年金", default=True)
    cap_enabled = models.BooleanField("启用每月党费上限", default=True)
    monthly_cap = models.DecimalField("每月党费上限（元）", default=Decimal("1000.00"), **MONEY)
    rounding = models.CharField(
        "舍入方式",
        max_length=16,
        choices=[(r.value, r.label) for r in Rounding],
        default=Rounding.HALF_UP_FEN.value,
    )
    fixed_yearly = models.BooleanField("党费基数每年核定一次（2017年通知）", default=True)
    farmer_amount = models.DecimalField("农民党员每月党费（元）", default=Decimal("0.50"), **MONEY)
    updated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "党费设置"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="dues_policy_single_row")]

    def __str__(self) -> str:
        return "党费设置"


class PayrollColumnMapping(models.Model):
    """What a payroll column of this enterprise means (DUES-2); chosen once, offered again."""

    name = models.CharField("工资项目名称", max_length=60, unique=True)
    category = models.CharField(
        "类别", max_length=24, choices=[(c.value, c.label) for c in ItemCategory]
    )
    updated_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "工资项目对应关系"

    def __str__(self) -> str:
        return f"{self.name} → {self.get_category_display()}"


class PayrollImport(models.Model):
    """One payroll file that changed something."""

    file_hash = models.CharField(max_length=64, db_index=True)
    file_name = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.file_name}（{self.at:%Y-%m-%d %H:%M}）"


class PayrollEntry(models.Model):
    """A member's payroll for one month: the items as imported, each with its category."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="payroll_entries")
    month = models.DateField("月份")  # the 1st of the month
    items = models.JSONField("工资项目")  # [{"name", "category", "amount"}]
    source = models.ForeignKey(PayrollImport, on_delete=models.SET_NULL, null=True)
    source_ref = models.CharField("来源", max_length=120, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="one_payroll_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.month:%Y-%m}工资"


class IncomeKind(models.TextChoices):
    """What a manually declared amount is (members without payroll)."""

    PENSION = "pension", "基本养老金/基本离退休费"
    WAGE = "wage", "每月工资收入（税后）"
    NET_INCOME = "net_income", "当月纯收入（灵活就业、个体经营）"


class DeclaredIncome(models.Model):
    """An amount declared for a member without payroll, with the evidence it rests on."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="declared_incomes")
    month = models.DateField("月份")
    kind = models.CharField("类型", max_length=16, choices=IncomeKind.choices)
    amount = models.DecimalField("金额（元）", **MONEY)
    evidence = models.CharField("依据/凭证", max_length=300)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month", "kind"], name="one_declared_income_per_month"
            ),
            models.CheckConstraint(condition=~Q(evidence=""), name="declared_income_evidence"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.month:%Y-%m}{self.get_kind_display()}"


class BaseSource(models.TextChoices):
    PAYROLL = "payroll", "工资表导入"
    DECLARED = "declared", "手工申报"
    SELF_EMPLOYED = "self_employed", "上季度月平均纯收入"


class DuesBase(models.Model):
    """The base of one member for one month, with the derivation shown to people (DUES-2..5)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="dues_bases")
    month = models.DateField("月份")
    base = models.DecimalField("党费基数（元）", **BASE)
    source = models.CharField("来源", max_length=16, choices=BaseSource.choices)
    lines = models.JSONField("计算过程", default=list)
    settings_key = models.CharField(max_length=80, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="one_dues_base_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.month:%Y-%m}基数{self.base}"


class DuesComputation(models.Model):
    """compute_dues(category, base, settings), stored once per distinct input."""

    settings_key = models.CharField(max_length=80)
    category = models.CharField(max_length=20, choices=DUES_CATEGORY_CHOICES)
    base = models.DecimalField(null=True, **BASE)
    amount = models.DecimalField(**MONEY)
    capped = models.BooleanField(default=False)
    rule_ids = models.JSONField(default=list)
    lines = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["settings_key", "category", "base"], name="one_computation_per_input"
            ),
            models.UniqueConstraint(
                fields=["settings_key", "category"],
                condition=Q(base__isnull=True),
                name="one_flat_computation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}:{self.base}→{self.amount}"


class Reduction(models.Model):
    """DUES-7: a member in difficulty pays less or nothing, decided by the branch and approved."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="dues_reductions")
    first_month = models.DateField("起始月份")
    last_month = models.DateField("截止月份", null=True, blank=True)
    reduced_to = models.DecimalField("减免后每月交纳（元）", **MONEY)
    branch_decision = models.CharField("党支部研究决定", max_length=200)
    branch_decided_on = models.DateField("党支部决定日期")
    approval = models.CharField("上级党委批准", max_length=200)
    approved_on = models.DateField("批准日期")
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(reduced_to__gte=0), name="reduction_not_negative"),
            models.CheckConstraint(
                condition=~Q(branch_decision="") & ~Q(approval=""), name="reduction_approved"
            ),
            models.CheckConstraint(
                condition=Q(approved_on__gte=F("branch_decided_on")),
                name="reduction_approved_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:自{self.first_month:%Y-%m}每月{self.reduced_to}元"


class LedgerEntry(models.Model):
    """One member, one month: what is due, how it was computed, and what was paid."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="dues_entries")
    month = models.DateField("月份")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    category = models.CharField("党费类别", max_length=20, choices=DUES_CATEGORY_CHOICES)
    base = models.DecimalField("党费基数", null=True, **BASE)
    base_month = models.DateField("基数所属月份", null=True)
    base_record = models.ForeignKey(DuesBase, on_delete=models.SET_NULL, null=True)
    computation = models.ForeignKey(DuesComputation, on_delete=models.PROTECT, null=True)
    reduction = models.ForeignKey(Reduction, on_delete=models.PROTECT, null=True)
    due = models.DecimalField("应交", null=True, **MONEY)  # None: no base yet
    paid_amount = models.DecimalField("实交", default=Decimal("0.00"), **MONEY)
    paid_on = models.DateField("交纳日期", null=True)
    method = models.CharField("交纳方式", max_length=12, choices=Method.choices, blank=True)
    payer_kind = models.CharField("交纳人", max_length=8, choices=PayerKind.choices, blank=True)
    payer_name = models.CharField("代缴人", max_length=40, blank=True)
    receipt_no = models.CharField("收据号", max_length=40, blank=True)
    late_reason = models.CharField("补交超期理由", max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "党费台账"
        indexes = [models.Index(fields=["organization", "month"])]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="one_ledger_row_per_month"),
            models.CheckConstraint(condition=Q(paid_amount__gte=0), name="ledger_paid_positive"),
            models.CheckConstraint(
                condition=Q(paid_amount=0) | Q(paid_on__isnull=False), name="ledger_paid_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(payer_kind="proxy") | ~Q(payer_name=""), name="ledger_proxy_named"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.month:%Y-%m}"

    # Adjustments of a closed month are added by ``selectors.effective_rows`` (due_adj, paid_adj).
    @property
    def due_total(self) -> Decimal | None:
        if self.due is None:
            return None
        return Decimal(self.due) + Decimal(getattr(self, "due_adj", 0) or 0)

    @property
    def paid_total(self) -> Decimal:
        return Decimal(self.paid_amount) + Decimal(getattr(self, "paid_adj", 0) or 0)

    @property
    def owed(self) -> bool:
        """Whether anything is due for the month (not exempt, base known)."""
        due = self.due_total
        return due is not None and due > 0

    @property
    def settled(self) -> bool:
        due = self.due_total
        return due is not None and self.paid_total >= due

    @property
    def state(self) -> str:
        if self.due is None:
            return "缺基数"
        if not self.owed:
            return "免交"
        if self.settled:
            return "已交"
        return "部分交纳" if self.paid_total > 0 else "未交"


class MonthClose(models.Model):
    """A month closed for an organisation: its ledger rows are no longer edited."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份")
    closed_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "month"], name="one_close_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}:{self.month:%Y-%m}结账"


class AdjustmentKind(models.TextChoices):
    LATE_PAYMENT = "late_payment", "补交"
    CORRECTION = "correction", "更正"


class LedgerAdjustment(models.Model):
    """A correction of a closed month's row: the row stays, this says what changed and why."""

    entry = models.ForeignKey(LedgerEntry, on_delete=models.PROTECT, related_name="adjustments")
    kind = models.CharField("类型", max_length=16, choices=AdjustmentKind.choices)
    due_delta = models.DecimalField("应交调整", default=Decimal("0.00"), **MONEY)
    paid_delta = models.DecimalField("实交调整", default=Decimal("0.00"), **MONEY)
    paid_on = models.DateField("交纳日期", null=True)
    method = models.CharField("交纳方式", max_length=12, choices=Method.choices, blank=True)
    payer_kind = models.CharField("交纳人", max_length=8, choices=PayerKind.choices, blank=True)
    payer_name = models.CharField("代缴人", max_length=40, blank=True)
    receipt_no = models.CharField("收据号", max_length=40, blank=True)
    reason = models.CharField("原因", max_length=300)
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="adjustment_has_reason")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.get_kind_display()}"


class LargePayment(models.Model):
    """DUES-11: a voluntary one-off payment of more than 1000 yuan, kept apart from dues."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="large_payments")
    amount = models.DecimalField("金额（元）", **MONEY)
    paid_on = models.DateField("交纳日期")
    method = models.CharField("交纳方式", max_length=12, choices=Method.choices)
    receipt_no = models.CharField("收据号", max_length=40, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=1000), name="large_payment_over_1000")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:大额党费{self.amount}元"


class DuesReminder(models.Model):
    """A reminder to pay, kept as evidence for DUES-13."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="dues_reminders")
    month = models.DateField("所涉月份")
    channel = models.CharField("方式", max_length=20)
    note = models.CharField("说明", max_length=300, blank=True)
    sent_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.member_id}:{self.month:%Y-%m}提醒"


class TransferDirection(models.TextChoices):
    IN = "in", "转入"
    OUT = "out", "转出"


class DuesTransfer(models.Model):
    """The "党费交至" month on a transfer letter: in, months up to it were paid elsewhere."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="dues_transfers")
    direction = models.CharField("方向", max_length=4, choices=TransferDirection.choices)
    effective_on = models.DateField("转接日期")
    paid_up_to = models.DateField("党费交至", null=True)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.member_id}:{self.get_direction_display()}"
