"""Forms of 发展党员: parse what the secretary typed into ``ApplicantInput`` / ``StepInput``.

The services do the checking; a form only turns text into typed values and names the field
when it cannot. ``StepForm`` is built per transition code and shows only the fields that
transition reads (``checks.GATHERERS``): ``STEP_FIELDS`` is that map, kept here beside the
fields themselves.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from dangjian.core.actor import Actor
from dangjian.development.inputs import ApplicantInput, NoticeInput, StepInput
from dangjian.development.models import Applicant
from dangjian.members.choices import ETHNICITIES, Education, Gender, Occupation
from dangjian.members.forms import (
    DATE_INPUT,
    REQUIRED_MESSAGE,
    ChineseForm,
    number_messages,
    set_choices,
)
from dangjian.members.models import Member
from dangjian.orgs.models import Organization, in_subtree
from dangjian.orgs.selectors import org_choices
from dangjian.rules.development.applicants import Recommendation
from dangjian.rules.development.designation import NoticePlace, Opinion
from dangjian.rules.development.process import Body
from dangjian.rules.development.records import Material

APPLICANT_LABELS = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "id_number": "公民身份号码",
    "phone": "手机号码",
    "education": "学历",
    "occupation": "工作岗位类别",
    "work_unit": "工作单位",
    "organization_id": "接收申请的党支部",
    "applied_on": "入党申请书日期",
    "received_on": "党组织收到申请日期",
    "is_mobile": "流动人员",
    "expected_leave_on": "预计离开工作、学习单位日期",
}


class _Labelled(ChineseForm):
    """``ChineseForm`` with this module's labels (the member archive's are for members)."""

    LABELS: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = self.LABELS.get(name)
            if label is None:
                continue
            field.label = label
            field.error_messages["required"] = REQUIRED_MESSAGE.format(label=label)
            field.error_messages["invalid"] = f"{label}格式不正确"
            field.error_messages["invalid_choice"] = f"{label}不是有效的选项"
            field.error_messages["invalid_list"] = f"{label}不是有效的选项"
            number_messages(field, label)


class ApplicantForm(_Labelled):
    """Step 1: the application as the branch received it."""

    LABELS = APPLICANT_LABELS

    name = forms.CharField(max_length=40)
    gender = forms.ChoiceField(choices=Gender.choices)
    ethnicity = forms.ChoiceField(choices=[(e, e) for e in ETHNICITIES], initial="汉族")
    birth_date = forms.DateField(widget=DATE_INPUT)
    id_number = forms.CharField(max_length=30, help_text="18位，末位可为X")
    phone = forms.CharField(max_length=30, required=False, help_text="11位手机号码")
    education = forms.ChoiceField(choices=Education.choices)
    occupation = forms.ChoiceField(choices=Occupation.choices)
    work_unit = forms.CharField(max_length=120, required=False)
    organization_id = forms.TypedChoiceField(coerce=int)
    applied_on = forms.DateField(widget=DATE_INPUT)
    received_on = forms.DateField(widget=DATE_INPUT)
    is_mobile = forms.BooleanField(required=False)
    expected_leave_on = forms.DateField(widget=DATE_INPUT, required=False)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        branches = [(o.pk, o.name) for o in org_choices(user, branches_only=True)]
        set_choices(self, "organization_id", [("", "请选择党支部"), *branches])

    def to_input(self) -> ApplicantInput:
        d = self.cleaned_data
        return ApplicantInput(
            name=d["name"], gender=d["gender"], birth_date=d["birth_date"],
            id_number=d["id_number"], education=d["education"], occupation=d["occupation"],
            organization_id=d["organization_id"], applied_on=d["applied_on"],
            received_on=d["received_on"], ethnicity=d["ethnicity"], phone=d["phone"] or "",
            work_unit=d["work_unit"] or "", is_mobile=bool(d["is_mobile"]),
            expected_leave_on=d["expected_leave_on"],
        )  # fmt: skip


# The fields each transition reads, besides the date and the note (checks.GATHERERS).
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "talk": ("talker",),
    "committee_talk": ("talker",),
    "designate_activist": ("recommendation", "decided_by"),
    "assign_contacts": ("contact_ids",),
    "designate_candidate": (
        "opinions",
        "consented_on",
        "notice_place",
        "notice_starts_on",
        "notice_ends_on",
        "notice2_place",
        "notice2_starts_on",
        "notice2_ends_on",
    ),
    "name_sponsors": ("sponsor_ids",),
    "political_review": ("review_passed", "household_opinion_on", "residence_opinion_on"),
    "training": ("training_days", "training_hours"),
    "pre_review": ("expected_leave_on",),
    "application_form": ("form_number",),
    "admission_meeting": ("expected_leave_on",),
    "approve_admission": ("collective",),
    "oath": ("collective_oath",),
    "extend": ("extension_months",),
    "archive": ("materials",),
    "transfer_out": ("materials",),
    "not_recognise": ("department_approved",),
    "not_recognise_transferred": ("department_approved",),
    "place": ("party_group_id",),
}
# Fields only a mobile person's steps ask (DEV-20 both places, DEV-23 both opinions).
MOBILE_ONLY = ("notice2_place", "notice2_starts_on", "notice2_ends_on",
               "household_opinion_on", "residence_opinion_on")  # fmt: skip
MEETINGS = ("admission_meeting", "confirmation_meeting")

STEP_LABELS = {
    "happened_on": "日期",
    "note": "说明",
    "talker": "谈话人",
    "contact_ids": "培养联系人",
    "sponsor_ids": "入党介绍人",
    "recommendation": "推荐方式",
    "decided_by": "决定机构",
    "opinions": "已听取意见",
    "consented_on": "上级党委同意日期",
    "notice_place": "公示地点",
    "notice_starts_on": "公示开始日期",
    "notice_ends_on": "公示结束日期",
    "notice2_place": "第二处公示地点",
    "notice2_starts_on": "第二处公示开始日期",
    "notice2_ends_on": "第二处公示结束日期",
    "review_passed": "政治审查结论",
    "household_opinion_on": "户籍所在地意见日期",
    "residence_opinion_on": "居住地意见日期",
    "training_days": "培训天数",
    "training_hours": "培训学时",
    "expected_leave_on": "预计离开工作、学习单位日期",
    "form_number": "入党志愿书编号",
    "collective": "党委集体讨论、逐个审议表决",
    "collective_oath": "参加集体宣誓",
    "extension_months": "延长预备期（月）",
    "materials": "移交或归档的材料",
    "department_approved": "经县级以上党委组织部门审核同意",
    "party_group_id": "编入党小组",
    "override_reason": "破例通过的理由（个别特殊情况）",
}


def _member_choices(branch: Organization) -> list[tuple[int, str]]:
    """The members of the branch and its 党小组 (the 细则 names the branch's members)."""
    members = Member.objects.filter(organization__path__startswith=branch.path, status="normal")
    return [(m.pk, f"{m.name}（{m.get_stage_display()}）") for m in members.order_by("name")]


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(e.value, e.label) for e in enum]


class StepForm(_Labelled):
    """One step of one transition: the date, the note, and what that transition reads."""

    LABELS = STEP_LABELS

    happened_on = forms.DateField(widget=DATE_INPUT)
    talker = forms.CharField(max_length=40)
    contact_ids = forms.TypedMultipleChoiceField(coerce=int, widget=forms.CheckboxSelectMultiple)
    sponsor_ids = forms.TypedMultipleChoiceField(coerce=int, widget=forms.CheckboxSelectMultiple)
    recommendation = forms.ChoiceField(choices=_choices(Recommendation), widget=forms.RadioSelect)
    decided_by = forms.ChoiceField(
        choices=[(Body.BRANCH_COMMITTEE.value, Body.BRANCH_COMMITTEE.label),
                 (Body.BRANCH_ASSEMBLY.value, Body.BRANCH_ASSEMBLY.label)],
        initial=Body.BRANCH_COMMITTEE.value, widget=forms.RadioSelect,
    )  # fmt: skip
    opinions = forms.MultipleChoiceField(
        choices=_choices(Opinion), required=False, widget=forms.CheckboxSelectMultiple
    )
    consented_on = forms.DateField(widget=DATE_INPUT, required=False)
    notice_place = forms.ChoiceField(choices=_choices(NoticePlace))
    notice_starts_on = forms.DateField(widget=DATE_INPUT)
    notice_ends_on = forms.DateField(widget=DATE_INPUT)
    notice2_place = forms.ChoiceField(choices=[("", "（无）"), *_choices(NoticePlace)],
                                      required=False)  # fmt: skip
    notice2_starts_on = forms.DateField(widget=DATE_INPUT, required=False)
    notice2_ends_on = forms.DateField(widget=DATE_INPUT, required=False)
    review_passed = forms.TypedChoiceField(
        choices=[("yes", "合格"), ("no", "不合格")], coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )  # fmt: skip
    household_opinion_on = forms.DateField(widget=DATE_INPUT, required=False)
    residence_opinion_on = forms.DateField(widget=DATE_INPUT, required=False)
    training_days = forms.IntegerField(min_value=0, max_value=365, required=False)
    training_hours = forms.IntegerField(min_value=0, max_value=2000, required=False)
    expected_leave_on = forms.DateField(widget=DATE_INPUT, required=False)
    form_number = forms.CharField(max_length=20)
    collective = forms.BooleanField(required=False, initial=True)
    collective_oath = forms.BooleanField(required=False)
    extension_months = forms.IntegerField(min_value=0, max_value=60)
    materials = forms.MultipleChoiceField(
        choices=_choices(Material), required=False, widget=forms.CheckboxSelectMultiple
    )
    department_approved = forms.BooleanField(required=False)
    party_group_id = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    note = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, code: str, applicant: Applicant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.code = code
        wanted = {"happened_on", "note", *STEP_FIELDS.get(code, ())}
        if not applicant.is_mobile:
            wanted -= set(MOBILE_ONLY)
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        branch = applicant.organization
        for name in ("contact_ids", "sponsor_ids"):
            if name in self.fields:
                set_choices(self, name, _member_choices(branch))
        if "party_group_id" in self.fields:
            groups = Organization.objects.filter(
                in_subtree(branch.path), depth=branch.depth + 1, kind="group", dissolved_on=None
            )
            set_choices(self, "party_group_id",
                        [("", "（不编入党小组）"), *((g.pk, g.name) for g in groups)])  # fmt: skip
        if code == "cancel_probation":
            self.fields["note"].required = True
            self.fields["note"].label = "取消预备党员资格的理由"
            self.fields["note"].error_messages["required"] = "请写明取消预备党员资格的理由"

    def to_input(self, **extra: Any) -> StepInput:
        """The typed step; ``extra`` adds what the page gathered beside the form (the tally,
        the overrides)."""
        d = self.cleaned_data
        values: dict[str, Any] = {"happened_on": d["happened_on"], "note": d.get("note") or ""}
        for name in ("talker", "recommendation", "decided_by", "form_number"):
            if name in d:
                values[name] = d[name] or ""
        for name in ("contact_ids", "sponsor_ids", "opinions", "materials"):
            if name in d:
                values[name] = tuple(d[name] or ())
        for name in ("consented_on", "household_opinion_on", "residence_opinion_on",
                     "training_days", "training_hours", "expected_leave_on",
                     "extension_months", "party_group_id", "review_passed"):  # fmt: skip
            if name in d:
                values[name] = d[name]
        for name in ("collective", "collective_oath", "department_approved"):
            if name in d:
                values[name] = bool(d[name])
        if "notice_place" in d:
            values["notices"] = self._notices(d)
        values.update(extra)
        return StepInput(**values)

    @staticmethod
    def _notices(d: dict[str, Any]) -> tuple[NoticeInput, ...]:
        notices = [NoticeInput(d["notice_place"], d["notice_starts_on"], d["notice_ends_on"])]
        second = (d.get("notice2_place"), d.get("notice2_starts_on"), d.get("notice2_ends_on"))
        if all(second):
            notices.append(NoticeInput(str(second[0]), second[1], second[2]))  # type: ignore[arg-type]
        return tuple(notices)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        second = [data.get(n) for n in ("notice2_place", "notice2_starts_on", "notice2_ends_on")]
        if "notice2_place" in self.fields and any(second) and not all(second):
            self.add_error("notice2_place", "第二处公示须填写地点、开始和结束日期")
        return data


# The 支部大会 tally: one choice per entitled voting member.
ATTENDANCE = (
    ("present", "到会"),
    ("absent", "缺席"),
    ("written_yes", "缺席，会前书面赞成"),
    ("written_other", "缺席，会前书面不赞成或弃权"),
)
TALLY_NUMBERS = {"yes": "赞成票", "no": "反对票", "abstain": "弃权票"}


def parse_tally(
    post: Any, entitled: list[int]
) -> tuple[dict[str, Any], dict[str, list[str]], dict[int, str]]:
    """The tally fields of a meeting form: (values for ``TallyInput``, errors by field, the
    attendance marked per member id, for showing the form again).

    ``post``: the submitted QueryDict; ``entitled``: member ids entitled to vote that day.
    """
    errors: dict[str, list[str]] = {}
    marks: dict[int, str] = {}
    groups: dict[str, list[int]] = {code: [] for code, _ in ATTENDANCE}
    for member_id in entitled:
        mark = post.get(f"att_{member_id}", "absent")
        if mark not in groups:
            mark = "absent"
        marks[member_id] = mark
        groups[mark].append(member_id)
    values: dict[str, Any] = {}
    for name, label in TALLY_NUMBERS.items():
        raw = (post.get(name) or "").strip()
        if not raw:
            values[name] = 0
            if name == "yes":
                errors.setdefault(name, []).append(f"{label}不能为空")
            continue
        try:
            number = int(raw)
        except ValueError:
            errors.setdefault(name, []).append(f"{label}应为整数")
            continue
        if not 0 <= number <= 10000:
            errors.setdefault(name, []).append(f"{label}应在0到10000之间")
            continue
        values[name] = number
    values.update(
        present_ids=tuple(groups["present"]),
        written_yes_ids=tuple(groups["written_yes"]),
        written_other_ids=tuple(groups["written_other"]),
        performance=(post.get("performance") or "").strip()[:2000],
    )
    return values, errors, marks


def parse_date(value: str | None) -> date | None:
    """A ``YYYY-MM-DD`` query value, ``None`` when absent or unreadable."""
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None
