from django.apps import AppConfig


class ScreenConfig(AppConfig):
    """党建一张屏: the big screen, its dashboard, drill-down lists and kiosk links."""

    name = "dangjian.screen"
    verbose_name = "党建一张屏"
