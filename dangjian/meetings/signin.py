"""Sign-in by QR code: a short-lived signed token naming the meeting (MEET sign-in).

The projector shows a code that changes every few minutes; the token inside is signed with the
deployment's secret (``django.core.signing``), so it cannot be forged or moved to another
meeting, and it is accepted only within the meeting's window. Rendering the code is ``segno``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime, timedelta

import segno
from django.core import signing
from django.http import Http404
from django.utils import timezone

from dangjian.accounts.access import scope_for
from dangjian.core.actor import Actor
from dangjian.core.errors import InvalidInput
from dangjian.meetings.models import Attendance, Mark

_SALT = "dangjian.meetings.sign-in"
QR_REFRESH_SECONDS = 180  # the projector shows a new code this often
# A code lives one refresh period plus one more as grace (a member scanning just before the
# refresh still gets in); a forwarded photo of the screen is dead within six minutes.
TOKEN_MAX_AGE = timedelta(seconds=2 * QR_REFRESH_SECONDS)
WINDOW_BEFORE = timedelta(minutes=30)  # sign-in opens half an hour before the start
WINDOW_AFTER = timedelta(minutes=30)  # and closes half an hour after the end

FORGED = "签到码无效，请扫描会场屏幕上的二维码"
EXPIRED = (
    f"签到码已过期（二维码每{QR_REFRESH_SECONDS}秒更新，签到码{TOKEN_MAX_AGE.seconds // 60}分钟内有效），"
    "请重新扫描会场屏幕上的二维码"
)

# One answer for a meeting outside the asker's sight, whether it exists elsewhere or not: it
# says why the code does not work for them without revealing the meeting.
NOT_FOR_YOU = "该签到码不适用于您：您不是这次会议的应到人员"


def sign_in_scope(actor: Actor, meeting_id: int) -> None:
    """Refuse a sign-in at a meeting ``actor`` may not see (another branch's, or none with
    that id) with ``InvalidInput`` (field ``token``, ``NOT_FOR_YOU``) instead of a bare
    "not found": the page and the API then tell the member plainly, and the refusal of an
    existing meeting is still recorded by ``access_meeting``."""
    from dangjian.meetings.selectors import access_meeting

    try:
        access_meeting(actor, meeting_id)
    except Http404:
        raise InvalidInput.one("token", NOT_FOR_YOU) from None


def sign_in_token(meeting_id: int) -> str:
    """A token for ``meeting_id``, valid for ``TOKEN_MAX_AGE`` from now."""
    return signing.TimestampSigner(salt=_SALT).sign(str(meeting_id))


def meeting_of_token(token: str) -> int:
    """The meeting id a token names, if issued no more than ``TOKEN_MAX_AGE`` ago by the
    clock that issued it. Raises ``InvalidInput`` (field ``token``) with ``EXPIRED`` or
    ``FORGED``."""
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        value = signer.unsign(token, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidInput.one("token", EXPIRED) from None
    except signing.BadSignature:
        raise InvalidInput.one("token", FORGED) from None
    return int(value)


def own_sign_ins(actor: Actor, meeting_ids: Iterable[int]) -> dict[int, Attendance]:
    """The asker's own QR sign-ins at ``meeting_ids``, by meeting id; none for an account
    without a member record. A row the recorder marked by hand is not a sign-in."""
    member_id = scope_for(actor).own_member_id
    if member_id is None:
        return {}
    rows = Attendance.objects.filter(member_id=member_id, meeting_id__in=list(meeting_ids),
                                     by_qr=True)  # fmt: skip
    return {row.meeting_id: row for row in rows}


def signed_in_text(row: Attendance) -> str:
    """ "已签到 14:05（迟到）": when the member signed in, and how it counts."""
    at = f" {timezone.localtime(row.signed_in_at):%H:%M}" if row.signed_in_at else ""
    return f"已签到{at}（{Mark(row.mark).label}）"


def window_open(starts_at: datetime, ends_at: datetime, now: datetime) -> bool:
    """Whether ``now`` lies in the sign-in window of a meeting."""
    return starts_at - WINDOW_BEFORE <= now <= ends_at + WINDOW_AFTER


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (no file, no network)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=2, xmldecl=False)
    return out.getvalue().decode("utf-8")
