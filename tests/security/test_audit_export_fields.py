"""The audit log export reads the changed fields of every audited model, whatever their kind."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from python_calamine import CalamineWorkbook

from dangjian.core.audit import audit
from dangjian.core.audit_display import field_label

pytestmark = pytest.mark.django_db


def _stand_in(model_name: str) -> object:
    """An object the audit names as ``model_name`` (its class name is the audited type)."""
    return type(model_name, (), {"pk": 1, "__str__": lambda self: "对象"})()


def test_a_reverse_relation_is_named_by_the_related_models_plural() -> None:
    assert field_label("Organization", "terms") == "班子届次"
    assert field_label("Organization", "name") != "name"


def test_export_reads_every_models_fields_of_every_kind(
    login: Callable[[User], Client], sysadmin: User, audit_admin: User
) -> None:
    """Every field name of every model (forward, reverse, many-to-many, generic) in a
    changed-fields audit: the page and the export answer, unfiltered and by actor."""
    for model in apps.get_models():
        names = [f.name for f in model._meta.get_fields()]
        audit(actor=sysadmin, action="org.update", obj=_stand_in(model.__name__),
              before=dict.fromkeys(names, "旧"), after=dict.fromkeys(names, "新"))  # fmt: skip
    client = login(audit_admin)
    assert client.get("/audit/").status_code == 200
    for query in ({}, {"who": "admin"}):
        export = client.get("/audit/export/", query)
        assert export.status_code == 200
        book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content)))  # type: ignore[attr-defined]  # streamed; the client type omits it
        assert len(book.get_sheet_by_index(0).to_python()) > len(apps.get_models())
