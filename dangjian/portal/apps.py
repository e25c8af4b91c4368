from django.apps import AppConfig


class PortalConfig(AppConfig):
    """党员服务: notices (通知公告) with read receipts, the member's phone home, record
    correction requests, and the installable web app (PWA)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "dangjian.portal"
    verbose_name = "党员服务"

    def ready(self) -> None:
        from dangjian.documents.owners import register_owner_kind
        from dangjian.portal.owners import BULLETIN_OWNER

        register_owner_kind(BULLETIN_OWNER)
        self._mount_api()
        self._register_jobs()

    @staticmethod
    def _register_jobs() -> None:
        from dangjian.jobs.catalogue import CatchUp, Daily, Job, register_job
        from dangjian.portal import jobs  # registers the task

        register_job(Job(jobs.ANNOUNCE, "通知公告推送", Daily(7, 0), "发布日期已到的通知公告，向所属党组织及下级组织的党员发送消息提醒；同一通知只发一次（服务器停机错过的，一周内补发）", CatchUp.LATEST))  # fmt: skip

    mounted = False

    @classmethod
    def _mount_api(cls) -> None:
        """Mount /api/portal: this app sits above the API package, which cannot import it."""
        from dangjian.api.api import api
        from dangjian.portal.api import router

        if not cls.mounted:  # once, should ready() run again
            api.add_router("/portal", router)
            cls.mounted = True
