"""Parsed, typed input of 发展党员: what forms, the API and imports hand to the services.

``StepInput`` carries every fact any step may need; each transition reads the fields its checks
name (``facts.py``) and ignores the rest. A door fills only what its form asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ApplicantInput:
    """A person entering the process (step 1): the application as received."""

    name: str
    gender: str
    birth_date: date
    id_number: str
    education: str
    occupation: str
    organization_id: int
    applied_on: date
    received_on: date
    ethnicity: str = "汉族"
    phone: str = ""
    work_unit: str = ""
    is_mobile: bool = False
    expected_leave_on: date | None = None


@dataclass(frozen=True)
class NoticeInput:
    """One public notice (DEV-20): place code of ``rules.development.designation.NoticePlace``."""

    place: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class TallyInput:
    """The vote of a 支部大会 on one person (DEV-12/13, DEV-18).

    ``present_ids``: the entitled voting members marked present; ``written_yes_ids`` and
    ``written_other_ids``: absent entitled members whose written opinion came before the
    meeting. The entitled are computed from the register as of the meeting day, never typed.
    """

    present_ids: tuple[int, ...]
    yes: int
    no: int = 0
    abstain: int = 0
    written_yes_ids: tuple[int, ...] = ()
    written_other_ids: tuple[int, ...] = ()
    performance: str = ""


@dataclass(frozen=True)
class StepInput:
    """One step as recorded. ``happened_on`` is the day it happened (a meeting's day, the
    talk's day); the other fields are read by the transitions that need them."""

    happened_on: date
    note: str = ""
    talker: str = ""  # talk, committee_talk
    contact_ids: tuple[int, ...] = ()  # assign_contacts (DEV-4)
    sponsor_ids: tuple[int, ...] = ()  # name_sponsors (DEV-8)
    recommendation: str = ""  # designate_activist (DEV-3): members | mass_organisation
    decided_by: str = ""  # designate_activist: branch_committee | branch_assembly
    opinions: tuple[str, ...] = ()  # designate_candidate (DEV-7)
    consented_on: date | None = None  # designate_candidate: the higher 党委 agreed
    notices: tuple[NoticeInput, ...] = ()  # designate_candidate (DEV-20)
    review_passed: bool | None = None  # political_review (DEV-9)
    household_opinion_on: date | None = None  # political_review, mobile (DEV-23)
    residence_opinion_on: date | None = None
    training_days: int | None = None  # training (DEV-10)
    training_hours: int | None = None
    expected_leave_on: date | None = None  # pre_review, admission_meeting (DEV-11)
    form_number: str = ""  # application_form (DEV-30)
    tally: TallyInput | None = None  # admission_meeting, confirmation_meeting
    collective: bool = True  # approve_admission (DEV-25): decided collectively, one by one
    collective_oath: bool = False  # oath (DEV-22)
    extension_months: int | None = None  # extend (DEV-17)
    postponed_until: date | None = None  # postpone_confirmation (DEV-19, 细则第三十五条)
    materials: tuple[str, ...] = ()  # transfer_out, archive (DEV-6, DEV-27)
    department_approved: bool = False  # not_recognise (DEV-26)
    party_group_id: int | None = None  # place (step 19)
    target_stage: str = ""  # transfer_in: the stage reached elsewhere
    overrides: dict[str, str] = field(default_factory=dict)  # rule ID -> reason
