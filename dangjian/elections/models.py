"""班子与换届: committee terms (届次, ORG-5) and the election that ends one and starts the next.

A ``CommitteeTerm`` is one term of one organisation's committee (支部委员会, 党总支委员会, 党委):
its number, election day, the day it is due to end (ORG-5 by organisation type), and the
approving document. The posts of its members are ``members.Position`` rows (书记, 组织委员...).
An ``Election`` runs the chain of ORG-5, each step dated and in order: 请示 (seats and
candidates, ELEC-2) -> 批复 by the higher organisation -> the election meeting (ELEC-1 quorum
from the register of the day, ELEC-3 tally) -> the report -> the higher organisation's approval of the
new 书记 and 副书记 (where the deployment requires it) -> the approval of the result, which opens
the next term.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangjian.orgs.models import Organization


class CommitteeTerm(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="党组织", on_delete=models.PROTECT, related_name="terms"
    )
    number = models.PositiveSmallIntegerField("届次")
    elected_on = models.DateField("选举日期")
    ends_on = models.DateField("任期届满日期")
    approval_document = models.CharField("批复文号", max_length=80, blank=True)
    # The committee's size as elected (the election's seats): a 补选 fills what falls vacant
    # of it. None for a term entered by hand without it.
    seats = models.PositiveSmallIntegerField("委员职数", null=True, blank=True)
    closed_on = models.DateField("换届日期", null=True, blank=True)
    # ORG-5: an election postponed or brought forward (at most a year) moves ``ends_on``; the
    # end the term had by the rule and the higher organisation's approval are kept here.
    original_ends_on = models.DateField("原任期届满日期", null=True, blank=True)
    adjusted_approved_on = models.DateField("延期/提前换届批准日期", null=True, blank=True)
    adjusted_approver = models.CharField("批准机关", max_length=80, blank=True)
    adjusted_document = models.CharField("批准文号", max_length=80, blank=True)
    adjusted_reason = models.CharField("延期/提前换届原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "班子届次"
        verbose_name_plural = "班子届次"
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="term_number_once"),
            models.UniqueConstraint(fields=["organization"], condition=Q(closed_on__isnull=True),
                                    name="one_current_term"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("elected_on")), name="term_ends_after_election"),
        ]  # fmt: skip
        # The term list and the due cards read current terms by due date.
        indexes = [models.Index(fields=["ends_on"], condition=Q(closed_on__isnull=True), name="current_term_due")]  # fmt: skip

    def __str__(self) -> str:
        return f"第{self.number}届"


class ElectionStep(models.TextChoices):
    REQUESTED = "requested", "已请示"
    APPROVED = "approved", "已批复"
    RUNOFF = "runoff", "待另行选举"
    HELD = "held", "已选举"
    REPORTED = "reported", "已报告结果"
    CONFIRMED = "confirmed", "结果已批准"
    ABANDONED = "abandoned", "已终止"


class ElectionKind(models.TextChoices):
    GENERAL = "general", "换届选举"
    BY_ELECTION = "by_election", "补选"


class Election(models.Model):
    """One 换届选举 of one organisation, through the ORG-5 chain; or a 补选 (``kind``) of seats
    fallen vacant in the current term (``term``), which ends in the elected joining that term's
    committee, not in a new term."""

    organization = models.ForeignKey(
        Organization, verbose_name="党组织", on_delete=models.PROTECT, related_name="elections"
    )
    kind = models.CharField("类型", max_length=12, choices=ElectionKind.choices,
                            default=ElectionKind.GENERAL)  # fmt: skip
    term = models.ForeignKey(
        CommitteeTerm, verbose_name="补选所在届次", on_delete=models.PROTECT, null=True,
        blank=True, related_name="by_elections",
    )  # fmt: skip
    step = models.CharField("进度", max_length=12, choices=ElectionStep.choices)
    seats = models.PositiveSmallIntegerField("应选委员人数")
    candidates = models.JSONField("候选人", default=list)  # [{"member_id": 1, "name": "张三"}]
    requested_on = models.DateField("请示日期")
    approved_on = models.DateField("批复日期", null=True, blank=True)
    approval_document = models.CharField("批复文号", max_length=80, blank=True)
    # The organisation that gave the 批复 (中共…), as recorded: often not the direct parent.
    approver = models.CharField("批复机关", max_length=80, blank=True)
    held_on = models.DateField("选举大会日期", null=True, blank=True)
    should_attend = models.PositiveIntegerField("应到会有选举权党员", null=True, blank=True)
    present = models.PositiveIntegerField("实到", null=True, blank=True)
    left_out = models.JSONField("经批准不列入应到人数", default=list)  # [{"member_id", "reason"}]
    # One row per candidate, then one per person written in (另选他人: "write_in": true, yes
    # votes only): [{"member_id", "name", "yes", "no", "abstain", "write_in"?}].
    tally = models.JSONField("计票", default=list)
    # The first vote's papers; None on older records: every member present got and returned one.
    ballots_issued = models.PositiveIntegerField("发出选票", null=True, blank=True)
    ballots_returned = models.PositiveIntegerField("收回选票", null=True, blank=True)
    invalid_ballots = models.PositiveIntegerField("无效票", default=0)
    elected = models.JSONField("当选", default=list)
    # ELEC-3 run-offs between candidates tied at the cut: the open one (member ids and the
    # seats left) and every round held, each with its own papers:
    # [{"member_ids", "seats", "tally", "text", "issued", "returned", "invalid"}].
    runoff_pending = models.JSONField("待另行选举", default=dict)
    runoffs = models.JSONField("另行选举", default=list)
    # The committee's own election of 书记/副书记 and the division of posts:
    # [{"member_id", "name", "title"}], one per elected member; posts start on confirmation.
    posts = models.JSONField("委员分工", default=list)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    # The higher organisation's approval of the new 书记 and 副书记 (settings.SECRETARY_APPROVAL):
    # its own dated step, on or before the approval of the result.
    secretaries_approved_on = models.DateField("书记、副书记批准日期", null=True, blank=True)
    secretaries_approver = models.CharField("书记、副书记批准机关", max_length=80, blank=True)
    secretaries_document = models.CharField("书记、副书记批复文号", max_length=80, blank=True)
    confirmed_on = models.DateField("批准日期", null=True, blank=True)
    # The higher organisation's approval of the result: its document number is the new term's
    # 批复文号 (not the 批复 of the 请示, which only allowed the election to be held).
    confirmed_document = models.CharField("选举结果批复文号", max_length=80, blank=True)
    confirmed_approver = models.CharField("选举结果批准机关", max_length=80, blank=True)
    verdicts = models.JSONField("检查结果", default=list)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "换届选举"
        verbose_name_plural = "换届选举"
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(step__in=["requested", "approved", "runoff", "held", "reported"]),
                name="one_open_election",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.requested_on}"
