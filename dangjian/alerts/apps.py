from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "dangjian.alerts"
    verbose_name = "智能研判"

    def ready(self) -> None:
        from django.conf import settings

        from dangjian.alerts import tasks  # noqa: F401  (registers the scan's task)
        from dangjian.alerts.due import alerts_due_items
        from dangjian.core.due import register_due_items
        from dangjian.jobs.catalogue import CatchUp, Daily, Job, register_job
        from dangjian.jobs.periods import clock_time

        at = Daily(*clock_time(settings.ALERT_SCAN_AT, "DANGJIAN_ALERT_SCAN_AT"))
        register_job(Job("alerts.scan_daily", "智能研判预警扫描", at, "按规则扫描全部党组织的预警（组织设置、换届、组织生活、发展党员、预备期、党费、失联、介绍信回执、数据质量），新发现的记录、已消除的解除，并计算各党支部本月健康分", CatchUp.LATEST))  # fmt: skip
        register_due_items("alerts", alerts_due_items, order=95)
