"""SMS through a gateway the deployment names: no vendor's code here.

``SmsGateway`` is the interface (``send(phone, text)``, raising ``DeliveryError``);
``HttpTemplateGateway`` is the default: an HTTP request built from settings
(``SMS_URL``, ``SMS_METHOD``, ``SMS_BODY``, ``SMS_CONTENT_TYPE``), with ``{phone}`` and
``{text}`` replaced (URL-encoded in the URL, JSON-escaped in a JSON body). A deployment with
another kind of gateway names its class in ``DANGJIAN_SMS_GATEWAY``.
"""

from __future__ import annotations

import json
from typing import Protocol
from urllib.parse import quote

import httpx
from django.conf import settings
from django.utils.module_loading import import_string

from dangjian.notifications.channels import DeliveryError


class SmsGateway(Protocol):
    def configured(self) -> bool:
        """Whether the gateway can send at all (deliveries are only made when it can)."""
        ...

    def send(self, phone: str, text: str) -> None:
        """Send ``text`` to ``phone``; raise ``DeliveryError`` when it was not taken."""
        ...


class HttpTemplateGateway:
    """The request described by the SMS_* settings."""

    def __init__(self, client: httpx.Client | None = None) -> None:
        self.client = client

    def configured(self) -> bool:
        return bool(settings.SMS_URL)

    def send(self, phone: str, text: str) -> None:
        url = settings.SMS_URL.replace("{phone}", quote(phone)).replace("{text}", quote(text))
        body = _fill(settings.SMS_BODY, phone, text, json_body="json" in settings.SMS_CONTENT_TYPE)
        client = self.client or httpx.Client(timeout=settings.NOTIFY_HTTP_TIMEOUT)
        try:
            response = client.request(
                settings.SMS_METHOD, url, content=body.encode() if body else None,
                headers={"Content-Type": settings.SMS_CONTENT_TYPE},
            )  # fmt: skip
        except httpx.HTTPError as exc:
            raise DeliveryError(f"短信网关连接失败：{exc}") from exc
        finally:
            if self.client is None:
                client.close()
        if response.status_code >= 400:
            raise DeliveryError(f"短信网关返回 HTTP {response.status_code}")


def _fill(template: str, phone: str, text: str, *, json_body: bool) -> str:
    if settings.SMS_METHOD.upper() == "GET":
        return ""
    escape = (lambda v: json.dumps(v, ensure_ascii=False)[1:-1]) if json_body else quote
    return template.replace("{phone}", escape(phone)).replace("{text}", escape(text))


def sms_gateway(client: httpx.Client | None = None) -> SmsGateway:
    """The configured gateway (``settings.SMS_GATEWAY``, a dotted class path)."""
    gateway_class = import_string(settings.SMS_GATEWAY)
    gateway: SmsGateway = gateway_class(client) if client is not None else gateway_class()
    return gateway
