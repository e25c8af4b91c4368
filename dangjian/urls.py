from django.conf import settings
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from dangjian.accounts import audit_views
from dangjian.api.api import api
from dangjian.home import views as home_views
from dangjian.ops import health

urlpatterns = [
    path("", home_views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(extra_context={"failure_limit": settings.LOGIN_FAILURE_LIMIT}),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", audit_views.audit_log, name="audit"),
    path("audit/export/", audit_views.audit_export, name="audit_export"),
    path("account/", include("dangjian.accounts.urls")),
    path("orgs/", include("dangjian.orgs.urls")),
    path("members/", include("dangjian.members.urls")),
    path("dues/", include("dangjian.dues.urls")),
    path("assistant/", include("dangjian.assistant.urls")),
    path("ops/", include("dangjian.ops.urls")),
    path("jobs/", include("dangjian.jobs.urls")),
    path("documents/", include("dangjian.documents.urls")),
    path("development/", include("dangjian.development.urls")),
    path("meetings/", include("dangjian.meetings.urls")),
    path("elections/", include("dangjian.elections.urls")),
    path("dynamics/", include("dangjian.dynamics.urls")),
    path("cadres/", include("dangjian.cadres.urls")),
    path("reports/", include("dangjian.reports.urls")),
    path("discipline/", include("dangjian.discipline.urls")),
    path("screen/", include("dangjian.screen.urls")),
    path("alerts/", include("dangjian.alerts.urls")),
    path("meetings/", include("dangjian.meetings.urls_doors")),
    path("notifications/", include("dangjian.notifications.urls")),
    path("portal/", include("dangjian.portal.urls")),
    path("study/", include("dangjian.study.urls")),
    # Browsers ask for /favicon.ico on their own (a PDF viewer, a bookmark); every page names
    # the same icon.
    path("favicon.ico", RedirectView.as_view(url=static("portal/icon-192.png"), permanent=True)),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("api/", api.urls),
]

handler403 = "dangjian.core.errors_views.forbidden"
handler404 = "dangjian.core.errors_views.not_found"
handler500 = "dangjian.core.errors_views.server_error"
