"""A form sent without its security token gets a Chinese page, not Django's developer page."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client


def test_a_post_without_its_token_is_answered_in_chinese(secretary_a: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary_a)
    response = client.post("/development/new/", {"name": "张三"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in body and "刷新页面" in body
    assert "DEBUG" not in body and "CSRF验证失败" not in body
