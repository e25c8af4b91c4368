"""The public notice before people become candidates for admission (发展对象公示, DEV-20).

The development workflow fills a ``DevelopmentNotice`` from its records; the template (the
package's, or the deployment's of the same name) lays it out as Word or PDF. Only what a
notice shows is here: no ID or phone number of the people named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dangjian.documents.pdf import render_pdf
from dangjian.documents.word import render_docx
from dangjian.rules.dates import format_cn_date

TEMPLATE = "development_notice"


@dataclass(frozen=True)
class NoticePerson:
    """One person named in the notice."""

    name: str
    gender: str  # 男 / 女
    birth_date: date
    education: str  # as read, e.g. 大学本科
    work_unit: str  # 工作单位及职务
    applied_on: date
    activist_on: date

    def context(self) -> dict[str, str]:
        return {
            "name": self.name,
            "gender": self.gender,
            "birth": f"{self.birth_date.year}年{self.birth_date.month}月",
            "education": self.education,
            "work_unit": self.work_unit,
            "applied_on": format_cn_date(self.applied_on),
            "activist_on": format_cn_date(self.activist_on),
        }


@dataclass(frozen=True)
class DevelopmentNotice:
    """The notice of one branch: who, from when to when (``working_days`` counted by the
    workflow on the holiday calendar), whom to contact, the day it is issued, and the body that
    decided (党支部委员会, or 党支部大会 where there is no committee)."""

    organization_name: str
    people: tuple[NoticePerson, ...]
    starts_on: date
    ends_on: date
    working_days: int
    contact: str
    contact_phone: str
    issued_on: date
    decided_by: str = "党支部委员会"  # 支部大会 where the branch has no committee (DEV-3)
    place: str = ""  # where it is posted, e.g. 工作、学习单位 (细则第十三条)

    @property
    def subject(self) -> str:
        """ "张三" for one person, "张三等3名同志" for several."""
        first = self.people[0].name if self.people else ""
        return first if len(self.people) == 1 else f"{first}等{len(self.people)}名同志"

    def context(self) -> dict[str, Any]:
        """The names the templates use (listed in ``doc_templates/README.md``)."""
        return {
            "organization_name": self.organization_name,
            "decided_by": self.decided_by,
            "subject": self.subject,
            "people": [p.context() for p in self.people],
            "starts_on": format_cn_date(self.starts_on),
            "ends_on": format_cn_date(self.ends_on),
            "working_days": self.working_days,
            "contact": self.contact,
            "contact_phone": self.contact_phone,
            "issued_on": format_cn_date(self.issued_on),
            "place": self.place,
        }


def notice_docx(notice: DevelopmentNotice) -> bytes:
    """The notice as Word, from ``development_notice.docx``."""
    return render_docx(f"{TEMPLATE}.docx", notice.context())


def notice_pdf(notice: DevelopmentNotice) -> bytes:
    """The notice as PDF, from ``development_notice.html``."""
    return render_pdf(f"{TEMPLATE}.html", notice.context())
