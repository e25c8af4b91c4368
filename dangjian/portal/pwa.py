"""The installable web app (PWA): the manifest, the service worker and the offline page.

The service worker keeps only the offline page and the static files (styles, scripts, icons);
member data is never cached, so a phone that is lost shows nothing of anyone's record offline.
It is served from /portal/ so its scope is the portal (a worker controls its own path and
below); the static files it caches are fetched by the pages it controls.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control

# Bumped when the cached files change, so an old worker's cache is dropped on activation.
CACHE_VERSION = "dangjian-portal-v1"
ICON_SIZES = (192, 512)


def precached() -> list[str]:
    """What the worker stores on install: the offline page and the static files it uses."""
    return [
        reverse("portal:offline"),
        static("dangjian/app.css"),
        static("dangjian/app.js"),
        *(static(f"portal/icon-{size}.png") for size in ICON_SIZES),
    ]


def manifest_data() -> dict[str, object]:
    """The Web App Manifest: name, the portal as the start page, the committed icons."""
    return {
        "name": "智慧党建",
        "short_name": "智慧党建",
        "description": "智慧党建平台·党员服务",
        "lang": "zh-Hans",
        "start_url": reverse("portal:home"),
        "scope": reverse("portal:home"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#c8161d",
        "icons": [_icon(size) for size in ICON_SIZES],
    }


def _icon(size: int) -> dict[str, str]:
    return {"src": static(f"portal/icon-{size}.png"), "sizes": f"{size}x{size}",
            "type": "image/png", "purpose": "any"}  # fmt: skip


@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> HttpResponse:
    body = json.dumps(manifest_data(), ensure_ascii=False)
    return HttpResponse(body, content_type="application/manifest+json; charset=utf-8")


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker script; never cached by the browser, so an update reaches phones at once."""
    context = {"version": CACHE_VERSION, "precached": json.dumps(precached()),
               "offline": reverse("portal:offline")}  # fmt: skip
    return render(request, "portal/sw.js", context, content_type="text/javascript; charset=utf-8")


def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the worker when the intranet cannot be reached; holds no member data."""
    return render(request, "portal/offline.html")
