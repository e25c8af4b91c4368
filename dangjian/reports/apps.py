from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dangjian.reports"
    verbose_name = "党内统计与报表"

    def ready(self) -> None:
        from dangjian.jobs.catalogue import CatchUp, Job, Monthly, register_job

        # Early on the 1st, after the dues ledger of the month (01:00).
        register_job(Job("reports.freeze_month_end", "统计快照（月末）", Monthly(1, 3, 10), "每月1日冻结上月末（1月为上年12月31日）的统计数据，此后该日的统计表从快照读取", CatchUp.EACH))  # fmt: skip
