from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dangjian.notifications"
    verbose_name = "消息提醒"

    def ready(self) -> None:
        from dangjian.notifications import jobs  # noqa: F401  (registers the scan's task)
