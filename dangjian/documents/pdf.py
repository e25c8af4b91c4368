"""PDF documents: HTML from a replaceable template, printed by WeasyPrint in a CJK font.

The font is WenQuanYi Micro Hei (Debian's ``fonts-wqy-microhei``, installed by
``scripts/install``); the package's templates name it first in their CSS. Nothing is fetched
while printing but ``data:`` URIs: a template or a value naming an address loads nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError

from dangjian.documents.locate import find_template, template_dirs
from dangjian.documents.word import DocumentError

PDF_FONT = "WenQuanYi Micro Hei"


@cache
def _engine(dirs: tuple[str, ...]) -> Engine:
    """A template engine over the two folders (the deployment's first), escaping every value."""
    return Engine(dirs=list(dirs), autoescape=True, debug=False)


def render_html(template: str, context: Mapping[str, Any]) -> str:
    """The HTML of ``template`` (e.g. "development_notice.html") with ``context``."""
    find_template(template)  # a bare name, present in one of the folders
    engine = _engine(tuple(str(d) for d in template_dirs()))
    try:
        return engine.get_template(template).render(Context({"pdf_font": PDF_FONT, **context}))
    except (TemplateSyntaxError, TemplateDoesNotExist) as error:
        raise DocumentError(f"文书模板{template}有错误：{error}") from None


def render_pdf(template: str, context: Mapping[str, Any]) -> bytes:
    """The PDF printed from ``render_html(template, context)``."""
    from weasyprint import HTML  # imported here: only PDF downloads need it
    from weasyprint.urls import URLFetcher

    html = render_html(template, context)
    fetcher = URLFetcher(allowed_protocols={"data"})
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    assert isinstance(pdf, bytes)  # write_pdf without a target returns the bytes
    return pdf
