from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "dangjian.dues"
    verbose_name = "党费"

    def ready(self) -> None:
        from dangjian.core.due import register_due_items
        from dangjian.dues.arrears import dues_attention

        register_due_items("dues", dues_attention, order=30)

        from django.conf import settings

        from dangjian.jobs.catalogue import CatchUp, Job, Monthly, register_job
        from dangjian.jobs.periods import clock_time

        at = Monthly(1, *clock_time(settings.DUES_LEDGER_AT, "DANGJIAN_DUES_LEDGER_AT"))
        register_job(Job("dues.ledger_monthly", "生成月度党费台账", at, "每月1日为全部党组织生成当月党费台账（已交、已调整和已结账的记录不变）", CatchUp.EACH))  # fmt: skip
