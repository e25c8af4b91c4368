"""Where document templates are found: the deployment's folder first, then the package's.

A deployment replaces a template by putting a file of the same name into
``settings.DOCUMENT_TEMPLATE_DIR`` (``DANGJIAN_DOCUMENT_TEMPLATE_DIR``, by default
``$DANGJIAN_DATA_DIR/document-templates``): a Word template (``.docx``, docxtpl's Jinja tags)
or the HTML a PDF is printed from (``.html``, Django's template language). The package's own
templates are in ``dangjian/documents/doc_templates/`` and list the names they use.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

PACKAGE_DIR = Path(__file__).resolve().parent / "doc_templates"


class TemplateMissing(LookupError):
    """No template of that name, in the deployment's folder nor in the package (Chinese)."""


def template_dirs() -> list[Path]:
    """The folders searched, the deployment's first."""
    return [Path(settings.DOCUMENT_TEMPLATE_DIR), PACKAGE_DIR]


def find_template(name: str) -> Path:
    """The file ``name`` (e.g. "development_notice.docx") from the first folder holding it.

    Only a bare file name is looked up: a name with a folder part is refused, so no caller
    can be led to read a file outside the two folders.
    """
    if Path(name).name != name or name.startswith("."):
        raise TemplateMissing(f"文书模板名称无效：{name}")
    for folder in template_dirs():
        path = folder / name
        if path.is_file():
            return path
    raise TemplateMissing(f"未找到文书模板：{name}")
