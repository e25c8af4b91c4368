"""Which function checks each rule a transition names (``Transition.checks``).

The service of a transition gathers the facts each function needs and calls them; this table
is how it (and the test of the table) finds them. A rule with several functions has one per
aspect (DEV-7: the year, the opinions heard, the higher 党委's consent).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from dangjian.rules.development import (
    admission,
    applicants,
    candidates,
    designation,
    forms,
    probation,
    records,
    voting,
)
from dangjian.rules.verdicts import Verdict

CheckFunction = Callable[..., Verdict]

CHECKS: Mapping[str, tuple[CheckFunction, ...]] = MappingProxyType(
    {
        "DEV-1": (applicants.check_age,),
        "DEV-2": (applicants.check_application_talk,),
        "DEV-3": (applicants.check_activist_designation,),
        "DEV-4": (applicants.check_contact_persons,),
        "DEV-5": (applicants.check_assessments,),
        "DEV-6": (records.check_handover,),
        "DEV-7": (
            designation.check_activist_year,
            designation.check_opinions_heard,
            designation.check_higher_consent,
        ),
        "DEV-8": (candidates.check_sponsors,),
        "DEV-9": (candidates.check_political_review,),
        "DEV-10": (candidates.check_training,),
        "DEV-11": (candidates.check_leaving,),
        "DEV-12": (voting.check_quorum,),
        "DEV-13": (voting.check_vote,),
        "DEV-14": (admission.check_approver, admission.check_approval_timing),
        "DEV-16": (voting.check_voting_right,),
        "DEV-17": (probation.check_confirmation_meeting, probation.check_extension),
        "DEV-18": (voting.check_quorum, voting.check_vote, probation.check_confirmation_approval),
        "DEV-19": (probation.check_confirmation_meeting, probation.check_postponement),
        "DEV-20": (designation.check_public_notice,),
        "DEV-21": (admission.check_assembly_after_prereview,),
        "DEV-22": (admission.check_oath,),
        "DEV-23": (candidates.check_mobile_review,),
        "DEV-24": (voting.check_resolution,),
        "DEV-25": (admission.check_collective_approval,),
        "DEV-26": (records.check_handover, records.check_not_recognised),
        "DEV-27": (records.check_archive,),
        "DEV-28": (admission.check_annual_plan,),
        "DEV-29": (records.check_not_recognised,),
        "DEV-30": (forms.check_form_number,),
    }
)
