from django.apps import AppConfig


class ScreenConfig(AppConfig):
    """党建一张屏: the big screen, its dashboard, drill-down lists and kiosk links."""

    name = "dangjian.screen"
    verbose_name = "党建一张屏"

    def ready(self) -> None:
        self._mount_api()

    mounted = False

    @classmethod
    def _mount_api(cls) -> None:
        """Mount /api/screen: this app sits above the API package, which cannot import it."""
        from dangjian.api.api import api
        from dangjian.screen.api import router

        if not cls.mounted:  # once, should ready() run again
            api.add_router("/screen", router)
            cls.mounted = True
