"""The production recipe of the README, run for real: gunicorn for the web tier, separate
``dangjian worker`` and ``dangjian beat`` processes, a Redis broker, static files collected, and
(on the PostgreSQL half of the suite) PostgreSQL. A job asked for on a page is executed by a
worker process and its run recorded."""

from __future__ import annotations

import re
import secrets
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tests.ops.conftest import REPO, Deployment, free_port, http_ok, wait_until

PASSWORD = "Yunwei#2026pass"


def _production(
    make_deployment: Callable[..., Deployment], redis_url: str, tmp_path: Path
) -> Deployment:
    key_file = tmp_path / "data.key"
    key_file.write_text(secrets.token_hex(32))
    key_file.chmod(0o600)
    deployment = make_deployment(
        DANGJIAN_ENV="production",
        DANGJIAN_SECRET_KEY=secrets.token_urlsafe(50),
        DANGJIAN_KEY_FILE=str(key_file),
        DANGJIAN_ALLOWED_HOSTS="127.0.0.1",
        DANGJIAN_BROKER_URL=redis_url,
        DANGJIAN_BACKUP_DIR=str(tmp_path / "backups"),
    )
    if "DATABASE_URL" not in deployment.env:  # production names its database explicitly
        deployment.env["DATABASE_URL"] = f"sqlite:///{deployment.data_dir / 'dangjian.sqlite3'}"
    return deployment


class Browser:
    """Speaks to gunicorn as nginx does behind TLS: plain HTTP with X-Forwarded-Proto https
    (gunicorn trusts it from 127.0.0.1), the browser's Origin, and cookies by hand (they are
    Secure, which an HTTP client would not send back)."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=10, follow_redirects=False)
        self.origin = base.replace("http://", "https://")
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "X-Forwarded-Proto": "https",
            "Origin": self.origin,
            "Referer": self.origin + path,
        }
        response = self.http.request(method, path, headers=headers, **kwargs)
        for raw in response.headers.get_list("set-cookie"):
            name, _, rest = raw.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response

    def post_form(self, path: str, page: str, data: dict[str, str]) -> httpx.Response:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "the page carries a CSRF token"
        return self.request("POST", path, data={"csrfmiddlewaretoken": token[1], **data})


def test_gunicorn_worker_and_beat_on_redis_run_a_job_asked_for_on_a_page(
    make_deployment: Callable[..., Deployment], redis_url: str, tmp_path: Path
) -> None:
    deployment = _production(make_deployment, redis_url, tmp_path)
    deployment.run("collectstatic", "--noinput", "-v0")
    deployment.run("shell", "-c", "from django.contrib.auth.models import User; "
                   f"User.objects.create_superuser('yunwei', '', '{PASSWORD}')")  # fmt: skip
    port = free_port()
    gunicorn = deployment.start(
        sys.executable, "-m", "gunicorn", "-c", str(REPO / "deploy" / "gunicorn.conf.py"),
        "--bind", f"127.0.0.1:{port}", "--workers", "2", "dangjian.wsgi", log="web.log",
    )  # fmt: skip
    worker = deployment.start(sys.executable, "-m", "dangjian.cli", "worker", "--concurrency",
                              "2", log="worker.log")  # fmt: skip
    beat = deployment.start(sys.executable, "-m", "dangjian.cli", "beat", log="beat.log")
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: http_ok(f"{base}/health/ready"), 120, "database, Redis and the scheduler")

    browser = Browser(base)
    login = browser.request("GET", "/login/")
    logged_in = browser.post_form(
        "/login/", login.text, {"username": "yunwei", "password": PASSWORD}
    )
    assert logged_in.status_code == 302, logged_in.text[:500]
    page = browser.request("GET", "/ops/")
    assert page.status_code == 200, page.text[:300]
    assert "运行中" in page.text  # the scheduler's heartbeat
    assert browser.post_form("/ops/backup/", page.text, {}).status_code == 302

    def recorded() -> bool:
        text = browser.request("GET", "/ops/").text
        return "yunwei 手动" in text and "成功" in text and "dangjian-backup-" in text

    wait_until(recorded, 120, "the worker to run the backup and record it")
    assert list((tmp_path / "backups").glob("dangjian-backup-*.tar.gz"))
    assert browser.request("GET", "/static/dangjian/app.css").status_code == 200
    kiosk = "kiosk_" + secrets.token_urlsafe(32)  # a link's token, as a display would send it
    browser.request("GET", f"/screen/k/{kiosk}/")

    for process in (gunicorn, worker, beat):
        process.send_signal(signal.SIGTERM)
    assert [p.wait(90) for p in (gunicorn, worker, beat)] == [0, 0, 0], deployment.log("worker.log")
    access = deployment.log("web.log")
    assert f"/screen/k/{kiosk[:9]}…（已隐去）/" in access and kiosk not in access
