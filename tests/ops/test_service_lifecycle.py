"""``dangjian serve`` as a service manager runs it: a stop signal ends every process it started,
and a second platform or scheduler on the same database refuses to start."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable

import pytest

from tests.ops.conftest import Deployment, alive, descendants, free_port, http_ok, wait_until


def _start_serve(deployment: Deployment, port: int) -> subprocess.Popen[str]:
    process = deployment.start(
        sys.executable, "-m", "dangjian.cli", "serve", "--no-demo", "--port", str(port),
        log="serve.log",
    )  # fmt: skip
    wait_until(lambda: http_ok(f"http://127.0.0.1:{port}/health/ready"), 180, "a ready platform")
    return process


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_leaves_no_process_behind(
    make_deployment: Callable[..., Deployment], stop_signal: signal.Signals
) -> None:
    deployment = make_deployment(DANGJIAN_STOP_TIMEOUT="20")
    serve = _start_serve(deployment, free_port())
    started = descendants(serve.pid)
    assert len(started) >= 2, "serve starts a worker and a scheduler"

    serve.send_signal(stop_signal)
    assert serve.wait(60) == 0, deployment.log("serve.log")
    wait_until(lambda: not any(alive(pid) for pid in started), 10, "every child to end")
    assert "智慧党建平台已停止" in deployment.log("serve.log")
    # The scheduler gave its lock back: the next start need not wait for it to expire.
    state = deployment.run("shell", "-c", "from dangjian.jobs.lock import *; print(lock_state())")
    assert "alive=False" in state.stdout


def test_a_second_platform_or_scheduler_on_one_database_refuses(
    make_deployment: Callable[..., Deployment],
) -> None:
    deployment = make_deployment()
    serve = _start_serve(deployment, free_port())

    second = deployment.run("serve", "--no-demo", "--port", str(free_port()), check=False)
    assert second.returncode != 0
    assert "同一数据库上已有平台在运行" in second.stderr

    beat = deployment.run("beat", "--no-wait", check=False)
    assert beat.returncode == 3
    assert "同一数据库只能运行一个调度器" in beat.stderr
    assert serve.poll() is None, "the first platform keeps running"


def test_start_up_waits_a_bounded_time_and_names_what_it_waits_for(
    make_deployment: Callable[..., Deployment],
) -> None:
    deployment = make_deployment(
        DANGJIAN_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0", DANGJIAN_STARTUP_WAIT="3"
    )
    worker = deployment.run("worker", check=False, timeout=60)
    assert worker.returncode != 0
    assert "正在等待消息队列（Celery broker）" in worker.stdout
    assert "消息队列（Celery broker）无法连接" in worker.stderr
    assert "Traceback" not in worker.stderr

    deployment.env["DATABASE_URL"] = f"postgres://dangjian@127.0.0.1:{free_port()}/nowhere"
    beat = deployment.run("beat", check=False, timeout=60)
    assert beat.returncode != 0
    assert "正在等待数据库（PostgreSQL dangjian@127.0.0.1" in beat.stdout
    assert "数据库无法连接" in beat.stderr
