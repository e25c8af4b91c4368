"""Word documents from replaceable templates (docxtpl over python-docx).

Values are escaped for XML (a name such as ``<甲&乙>`` prints as typed and cannot break the
document) and the template runs in Jinja's sandbox: a replaced template can format values, but
not reach into Python objects.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from dangjian.documents.locate import find_template


class DocumentError(ValueError):
    """A template could not be used; the message (Chinese) names the template and the fault."""


def render_docx(template: str, context: Mapping[str, Any]) -> bytes:
    """The .docx made from the template ``template`` (a file name) and ``context``."""
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate  # imported here: only document downloads need it

    path = find_template(template)
    try:
        document = DocxTemplate(str(path))
        document.render(dict(context), jinja_env=SandboxedEnvironment(), autoescape=True)
    except (zipfile.BadZipFile, KeyError, PackageNotFoundError):
        raise DocumentError(f"文书模板{template}不是有效的Word文档") from None
    except TemplateError as error:  # a syntax error, or the sandbox refusing an attribute
        raise DocumentError(f"文书模板{template}有错误：{error}") from None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
