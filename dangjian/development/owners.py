"""Development steps as owners of attachments (scans of the application, the notice, photos
of the oath): seen by whoever sees the person, added to by whoever may record their steps."""

from __future__ import annotations

from dangjian.accounts.access import may_develop_in
from dangjian.core.actor import Actor
from dangjian.documents.owners import OwnerKind


def _sees(user: Actor, step_id: int) -> bool:
    from dangjian.development.selectors import visible_applicants

    return visible_applicants(user).filter(steps__pk=step_id).exists()


def _manages(user: Actor, step_id: int) -> bool:
    from dangjian.development.selectors import visible_applicants

    applicant = (
        visible_applicants(user).filter(steps__pk=step_id).select_related("organization").first()
    )
    return applicant is not None and may_develop_in(user, applicant.organization)


STEP_OWNER = OwnerKind(
    "development_step", "发展党员步骤", "development.DevelopmentStep", _sees, _manages
)
