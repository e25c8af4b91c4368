"""The transfer ``approve`` endpoint answers as its OpenAPI description says: the step a client
saw (``awaited_level`` of the transfer) is what it sends as ``level``; a step already handled by
another approver is a 409 in the documented error shape, never the next step approved."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import jsonschema_rs
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from pydantic import BaseModel

import dangjian.api as api_package
from dangjian.dynamics.services import LEVEL_LABELS, member_transfer_start
from dangjian.members.models import Member
from tests.factories import Role, make_user

JSON = "application/json"
APPROVE = "/api/dynamics/transfers/{transfer_id}/approve"


@pytest.fixture
def spec(client: Client) -> dict[str, Any]:
    answer: dict[str, Any] = client.get("/api/openapi.json").json()
    return answer


def _conforms(spec: dict[str, Any], status: str, body: object) -> None:
    """``body`` validates against the approve operation's documented answer for ``status``."""
    answer = spec["paths"][APPROVE]["post"]["responses"][status]
    schema = {**answer["content"]["application/json"]["schema"], "components": spec["components"]}
    jsonschema_rs.validator_for(schema).validate(body)


def _body_schema(spec: dict[str, Any]) -> dict[str, Any]:
    ref = spec["paths"][APPROVE]["post"]["requestBody"]["content"]["application/json"]["schema"]
    name = ref["$ref"].rsplit("/", 1)[1]
    schema: dict[str, Any] = spec["components"]["schemas"][name]
    return schema


def _levels(prop: dict[str, Any], spec: dict[str, Any]) -> set[str]:
    """The values a (possibly nullable, possibly referenced) enum property allows."""
    found: set[str] = set()
    for option in prop.get("anyOf", [prop]):
        if "$ref" in option:
            option = spec["components"]["schemas"][option["$ref"].rsplit("/", 1)[1]]
        found |= set(option.get("enum", []))
    return found


def test_the_schema_documents_the_step_and_the_conflict(spec: dict[str, Any]) -> None:
    operation = spec["paths"][APPROVE]["post"]
    assert {"200", "403", "404", "409", "422"} <= set(operation["responses"])
    assert "409" in operation["description"] and "awaited_level" in operation["description"]
    level = _body_schema(spec)["properties"]["level"]
    assert _levels(level, spec) == set(LEVEL_LABELS)
    out = spec["components"]["schemas"]["TransferOut"]
    assert "awaited_level" in out["required"]
    assert _levels(out["properties"]["awaited_level"], spec) == set(LEVEL_LABELS)


def test_the_step_seen_is_the_step_approved_and_a_stale_one_is_409(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member, spec: dict[str, Any],
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    transfer = member_transfer_start(actor=secretary_a, member_id=member_a.pk,
                                     to_org_id=enterprise.branch_b.pk,
                                     effective_on=timezone.localdate(), reason="工作调动")  # fmt: skip
    client = login(make_user("dangwei", Role.ORG_ADMIN, enterprise.root))
    url = f"/api/dynamics/transfers/{transfer.pk}"
    seen = client.get(url).json()["awaited_level"]
    assert seen == "sending"
    first = client.post(f"{url}/approve", {"level": seen}, content_type=JSON)
    assert first.status_code == 200, first.content
    _conforms(spec, "200", first.json())
    assert first.json()["awaited_level"] == "receiving"
    stale = client.post(f"{url}/approve", {"level": seen}, content_type=JSON)
    assert stale.status_code == 409 and "已由他人办理" in stale.json()["detail"]
    _conforms(spec, "409", stale.json())
    assert [a["level"] for a in client.get(url).json()["approvals"]] == ["sending"]
    last = client.post(f"{url}/approve", {"level": "receiving"}, content_type=JSON)
    assert last.status_code == 200 and last.json()["awaited_level"] is None
    _conforms(spec, "200", last.json())
    unknown = client.post(f"{url}/approve", {"level": "mayor"}, content_type=JSON)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "level"
    _conforms(spec, "422", unknown.json())


def _schema_modules() -> dict[str, set[str]]:
    """Each request/response schema class name of the API, with the modules defining one."""
    found: dict[str, set[str]] = {}
    for info in pkgutil.iter_modules(api_package.__path__):
        module = importlib.import_module(f"dangjian.api.{info.name}")
        for value in vars(module).values():
            if (inspect.isclass(value) and issubclass(value, BaseModel)
                    and value.__module__.startswith("dangjian.")):  # fmt: skip
                found.setdefault(value.__name__, set()).add(value.__module__)
    return found


def test_no_dynamics_schema_shares_its_name_with_another() -> None:
    """OpenAPI keeps one component per class name: two schemas of one name document one
    endpoint with the other's fields (the transfer approval was shown an election's)."""
    shared = {name: modules for name, modules in _schema_modules().items()
              if len(modules) > 1 and any(".dynamics" in m for m in modules)}  # fmt: skip
    assert shared == {}
