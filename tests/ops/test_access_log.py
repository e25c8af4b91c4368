"""gunicorn's access log (``deploy/gunicorn.conf.py``'s logger): a kiosk link's token, in the
path or in the Referer of the kiosk page's requests, never reaches the log line."""

from __future__ import annotations

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from dangjian.ops.access_log import MaskedAccessLogger

TOKEN = "kiosk_" + "Ab3" + "x" * 40


def _line(environ: dict[str, str], caplog: pytest.LogCaptureFixture) -> str:
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(h)s "%(m)s %(U)s" %(s)s %(f)s')
    logger = MaskedAccessLogger(config)
    logger.access_log.propagate = True  # to caplog as well as to standard output
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[])
    with caplog.at_level(logging.INFO, logger="gunicorn.access"):
        logger.access(response, request, environ, timedelta(milliseconds=5))
    return caplog.records[-1].getMessage()


def test_a_kiosk_token_is_masked_in_the_path_and_the_referer(
    caplog: pytest.LogCaptureFixture,
) -> None:
    line = _line({"REQUEST_METHOD": "GET", "RAW_URI": f"/screen/k/{TOKEN}/data",
                  "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": f"/screen/k/{TOKEN}/data",
                  "HTTP_REFERER": f"https://dj.example/screen/k/{TOKEN}/",
                  "REMOTE_ADDR": "10.0.0.8"}, caplog)  # fmt: skip
    assert TOKEN not in line and TOKEN[:12] not in line
    assert line.startswith('10.0.0.8 "GET /screen/k/kiosk_Ab3…（已隐去）/data" 200')


def test_an_ordinary_path_is_logged_as_it_is(caplog: pytest.LogCaptureFixture) -> None:
    line = _line({"REQUEST_METHOD": "GET", "RAW_URI": "/members/", "SERVER_PROTOCOL": "HTTP/1.1",
                  "PATH_INFO": "/members/", "REMOTE_ADDR": "10.0.0.8"}, caplog)  # fmt: skip
    assert line == '10.0.0.8 "GET /members/" 200 -'
