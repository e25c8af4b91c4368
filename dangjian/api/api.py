"""The HTTP API under /api/: the same services and scoped selectors as the pages.

Authentication: ``Authorization: Bearer <token>`` (tokens from ``dangjian api_token``) or the
browser session with its CSRF token. Documentation at /api/docs, served from local files only.
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from dangjian.alerts.api import router as alerts_router
from dangjian.api.auth import BearerTokenAuth, SessionCsrfAuth
from dangjian.api.cadres import router as cadres_router
from dangjian.api.development import register_development_errors
from dangjian.api.development import router as development_router
from dangjian.api.discipline import router as discipline_router
from dangjian.api.dynamics import router as dynamics_router
from dangjian.api.dynamics_applications import router as dynamics_applications_router
from dangjian.api.elections import router as elections_router
from dangjian.api.errors import register_error_handlers
from dangjian.api.meetings import router as meetings_router
from dangjian.api.members import router as members_router
from dangjian.api.organizations import router as organizations_router
from dangjian.dues.api import router as dues_router
from dangjian.reports.api import router as reports_router
from dangjian.study.api import router as study_router

DESCRIPTION = (
    "智慧党建平台的HTTP接口。认证方式：请求头 `Authorization: Bearer <令牌>`"
    "（令牌由管理员用 `dangjian api_token 用户名 --name 用途` 签发），或浏览器登录会话"
    "（修改类请求需带 CSRF 令牌）。每个接口只返回调用者有权查看的数据；"
    "出错时返回中文说明，并逐项指出出错的字段。"
)

# swagger-ui and its assets ship with django-ninja (ninja/static/ninja/); the validator badge
# would call validator.swagger.io, so it is switched off: nothing leaves the intranet.
docs = Swagger(settings={"validatorUrl": None, "tryItOutEnabled": False})

api = NinjaAPI(
    title="智慧党建平台 API",
    version="1.0",
    description=DESCRIPTION,
    auth=[BearerTokenAuth(), SessionCsrfAuth()],
    docs=docs,
)
register_error_handlers(api)
api.add_router("/organizations", organizations_router)
api.add_router("/members", members_router)
api.add_router("/dues", dues_router)
api.add_router("/development", development_router)
register_development_errors(api)
api.add_router("/meetings", meetings_router)
api.add_router("/dynamics", dynamics_router)
api.add_router("/dynamics", dynamics_applications_router)
api.add_router("/elections", elections_router)
api.add_router("/cadres", cadres_router)
api.add_router("/discipline", discipline_router)
api.add_router("/study", study_router)
api.add_router("/alerts", alerts_router)
api.add_router("/reports", reports_router)
