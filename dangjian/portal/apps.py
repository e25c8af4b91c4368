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

    mounted = False

    @classmethod
    def _mount_api(cls) -> None:
        """Mount /api/portal: this app sits above the API package, which cannot import it."""
        from dangjian.api.api import api
        from dangjian.portal.api import router

        if not cls.mounted:  # once, should ready() run again
            api.add_router("/portal", router)
            cls.mounted = True
