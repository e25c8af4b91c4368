from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dangjian.notifications"
    verbose_name = "消息提醒"

    def ready(self) -> None:
        from django.conf import settings

        from dangjian.jobs.catalogue import CatchUp, Daily, Every, Job, register_job
        from dangjian.jobs.periods import clock_time
        from dangjian.notifications import jobs  # noqa: F401  (registers the scan's task)

        at = Daily(*clock_time(settings.REMINDER_SCAN_AT, "DANGJIAN_REMINDER_SCAN_AT"))
        register_job(Job("notifications.reminder_scan", "每日提醒扫描", at, "扫描各项工作的待办与到期事项（发展党员、组织生活、换届、介绍信回执、流动党员联系、失联、欠缴党费等），按人发送提醒；同一期限的同一提醒只发一次", CatchUp.LATEST))  # fmt: skip
        register_job(Job("notifications.deliver_due", "消息补发", Every(60), "发送到时的消息（免打扰时段结束后、失败重试的退避时间到后）", CatchUp.NONE))  # fmt: skip
