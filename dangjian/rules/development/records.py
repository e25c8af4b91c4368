"""Checks on the records that travel with a person: transfers, not recognising, archiving.

DEV-6 (细则第十二条), DEV-26 (细则第三十四条), DEV-27 (细则第三十六条), DEV-29 (细则第四十一条).
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from dangjian.rules.development.process import Stage
from dangjian.rules.verdicts import Verdict


class Material(StrEnum):
    """The documents of a person's development file."""

    APPLICATION = "application"
    ACTIVIST_RECORD = "activist_record"
    POLITICAL_REVIEW = "political_review"
    APPLICATION_FORM = "application_form"
    PROBATION_RECORD = "probation_record"
    CONFIRMATION_APPLICATION = "confirmation_application"

    @property
    def label(self) -> str:
        """The document's name as the 细则 writes it."""
        return _MATERIAL_LABELS[self]


_MATERIAL_LABELS = {
    Material.APPLICATION: "入党申请书",
    Material.ACTIVIST_RECORD: "《入党积极分子培养考察登记表》",
    Material.POLITICAL_REVIEW: "政治审查材料",
    Material.APPLICATION_FORM: "《中国共产党入党志愿书》",
    Material.PROBATION_RECORD: "《预备党员教育考察登记表》",
    Material.CONFIRMATION_APPLICATION: "转正申请书",
}
_A = (Material.APPLICATION,)
_B = (*_A, Material.ACTIVIST_RECORD)
_C = (*_B, Material.POLITICAL_REVIEW)
_P = (*_C, Material.APPLICATION_FORM, Material.PROBATION_RECORD)
# What the sending organisation hands over for a person in each stage (细则第十二、三十四条).
HANDOVER: dict[Stage, tuple[Material, ...]] = {
    Stage.APPLICANT: _A,
    Stage.ACTIVIST: _B,
    Stage.CANDIDATE: _C,
    Stage.PROBATIONARY: _P,
}
# What goes into the personnel file after confirmation (细则第三十六条).
ARCHIVE: tuple[Material, ...] = (*_P, Material.CONFIRMATION_APPLICATION)


def _missing(required: tuple[Material, ...], present: Collection[Material]) -> str:
    return "、".join(m.label for m in required if m not in present)


def check_handover(stage: Stage, handed_over: Collection[Material]) -> Verdict:
    """DEV-6/DEV-26: a person who moves is reported with the file of the stage reached, so the
    receiving organisation continues (the training time counts on, 细则第十二条)."""
    rule = "DEV-26" if stage is Stage.PROBATIONARY else "DEV-6"
    missing = _missing(HANDOVER.get(stage, ()), handed_over)
    if missing:
        return Verdict.blocked(rule, f"{stage.label}转出时应转交{missing}，尚未记录转交")
    return Verdict.passed(rule, f"{stage.label}的培养教育考察材料已转交，培养教育时间连续计算")


def check_not_recognised(*, transferred_in: bool, department_approved: bool) -> Verdict:
    """DEV-26/DEV-29: not recognising a member needs a 县级以上党委组织部门's approval when the
    member transferred in with records that cannot be verified; otherwise (admitted against
    the rules) it is decided on review and announced at the 党支部党员大会."""
    if transferred_in:
        if not department_approved:
            return Verdict.blocked(
                "DEV-26",
                "对转入后入党材料无法认定的预备党员不予承认，须报县级以上党委组织部门批准",
            )
        return Verdict.passed("DEV-26", "入党材料无法认定，经县级以上党委组织部门批准不予承认")
    return Verdict.passed(
        "DEV-29", "违反规定吸收入党、不符合党员条件的，不予承认党员身份，并在党支部党员大会上公布"
    )


def check_archive(materials: Collection[Material]) -> Verdict:
    """DEV-27: after confirmation the whole file goes to the 党委 for the personnel file."""
    missing = _missing(ARCHIVE, materials)
    if missing:
        return Verdict.blocked("DEV-27", f"转正后应将入党材料交党委存入本人人事档案，尚缺{missing}")
    return Verdict.passed("DEV-27", "入党材料齐全，交党委存入本人人事档案")
