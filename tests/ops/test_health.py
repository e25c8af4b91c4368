"""Health endpoints: liveness, and readiness of database, broker and scheduler; nothing personal."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from dangjian.jobs.lock import lock_acquire, new_token

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_a_login(client: Client) -> None:
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_needs_a_live_scheduler(client: Client, settings: Settings) -> None:
    settings.READY_REQUIRES_SCHEDULER = True
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "ok", "scheduler": "stale"}

    lock_acquire(token=new_token(), holder="服务器甲 进程 1")
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "scheduler": "ok"},
    }
    assert "服务器甲" not in response.content.decode()


def test_ready_without_a_scheduler_when_the_deployment_runs_none(
    client: Client, settings: Settings
) -> None:
    settings.READY_REQUIRES_SCHEDULER = False
    assert client.get("/health/ready").status_code == 200


def test_an_unreachable_broker_is_not_ready(client: Client, settings: Settings) -> None:
    from dangjian.celery import app

    settings.READY_REQUIRES_SCHEDULER = False
    # restored by the suite's task fixture; celery-types declares the setting read-only
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # type: ignore[misc]
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error"
