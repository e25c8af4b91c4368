"""Build the package's Word templates of 换届选举 (dangjian/documents/doc_templates/election_*.docx).

    uv run python scripts/make_election_templates.py

The templates are committed; run this after changing the layout below. A deployment edits a
copy in Word instead (see doc_templates/README.md): docxtpl only needs the tags kept whole.
"""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from make_document_templates import OUT, TITLE_FONT, _font, _line, _table_font

TALLY = {"候选人": "name", "赞成": "yes", "反对": "no", "弃权": "abstain", "结果": "outcome"}
POSTS = {"姓名": "name", "职务": "title"}


def _rows_table(document: object, items: str, item: str, columns: dict[str, str]) -> None:
    """A table with a header row and one row per element of ``items`` (docxtpl {%tr %})."""
    table = document.add_table(rows=4, cols=len(columns))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, columns, strict=True):
        cell.text = header
    table.rows[1].cells[0].text = "{%tr for " + item + " in " + items + " %}"
    for cell, key in zip(table.rows[2].cells, columns.values(), strict=True):
        cell.text = "{{ " + item + "." + key + " }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _table_font(table, 10.5)


def _title(document: object, text: str) -> None:
    title = document.add_paragraph(text)  # type: ignore[attr-defined]
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title, TITLE_FONT, 18)


def _signature(document: object, day: str) -> None:
    for text in ("中共{{ organization_name }}", "{{ " + day + " }}"):
        _line(document, text, indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT  # type: ignore[arg-type]


def election_request() -> None:
    """关于召开党员大会进行换届选举的请示: seats and candidates (ELEC-2); for a 补选
    (``by_election``) 关于召开党员大会补选委员的请示 with the vacant seats."""
    document = Document()
    _title(
        document,
        "{% if by_election %}关于召开党员大会补选委员的请示{% else %}"
        "关于召开党员大会进行换届选举的请示{% endif %}",
    )
    _line(document, "{{ parent_name }}：", indent=False)
    _line(
        document,
        "{{ current_term }}{% if by_election %}本届委员会职数{{ term_seats }}名，"
        "现缺额{{ vacancies }}名。经研究，拟召开党员大会补选委员{{ seats }}名，"
        "提出候选人预备人选{{ candidate_count }}名：{% else %}"
        "经研究，拟召开党员大会，选举产生新一届委员会。"
        "新一届委员会拟设委员{{ seats }}名，按照差额选举的办法，"
        "提出候选人预备人选{{ candidate_count }}名（不少于{{ candidates_needed }}名）：{% endif %}",
    )
    _line(
        document,
        "{% for c in candidates %}{{ c.name }}{% if not loop.last %}、{% endif %}{% endfor %}。",
    )
    _line(document, "妥否，请批示。")
    _signature(document, "requested_on")
    document.save(str(OUT / "election_request.docx"))


def election_result() -> None:
    """关于换届选举结果的报告: attendance (ELEC-1), every round of the tally and the result
    (ELEC-3), the committee's division of posts."""
    document = Document()
    _title(
        document,
        "{% if by_election %}关于补选委员结果的报告{% else %}关于换届选举结果的报告{% endif %}",
    )
    _line(document, "{{ parent_name }}：", indent=False)
    _line(
        document,
        "经{{ approver_name }}批复（{{ approval_document }}），{{ organization_name }}于{{ held_on }}召开党员大会，"
        "进行{% if by_election %}补选{% else %}换届选举{% endif %}。{{ quorum_text }}。{% if left_out %}经批准不列入应到会人数的党员："
        "{% for p in left_out %}{{ p.name }}（{{ p.reason }}）{% if not loop.last %}、{% endif %}"
        "{% endfor %}。{% endif %}无效票{{ invalid_ballots }}张。",
    )
    _line(document, "第一轮投票（应选{{ seats }}名）：", indent=False)
    _rows_table(document, "tally", "t", TALLY)
    _line(document, "{{ first_text }}。")
    # Each run-off between the candidates tied at the cut: a paragraph-level loop (docxtpl
    # {%p %}) around its heading, its table and its arithmetic.
    _line(document, "{%p for r in runoffs %}", indent=False)
    _line(document, "{{ r.label }}（在得票相等的候选人中选{{ r.seats }}名）：", indent=False)
    _rows_table(document, "r.tally", "t", TALLY)
    _line(document, "{{ r.text }}。")
    _line(document, "{%p endfor %}", indent=False)
    _line(document, "当选委员：{{ elected_text }}。")
    _line(document, "{%p if posts %}", indent=False)
    _line(
        document,
        "{% if by_election %}补选的委员分工：{% else %}"
        "新一届委员会召开第一次全体会议，选举产生书记、副书记并进行分工：{% endif %}{{ posts_text }}。",
    )
    _rows_table(document, "posts", "p", POSTS)
    _line(document, "{%p endif %}", indent=False)
    _line(document, "特此报告，请审批。")
    _signature(document, "reported_on")
    document.save(str(OUT / "election_result.docx"))


if __name__ == "__main__":
    election_request()
    election_result()
