from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "dangjian.ops"
    verbose_name = "运行维护"

    def ready(self) -> None:
        from django.conf import settings

        from dangjian.jobs.catalogue import CatchUp, Daily, Job, register_job
        from dangjian.jobs.periods import clock_time

        at = Daily(*clock_time(settings.BACKUP_AT, "DANGJIAN_BACKUP_AT"))
        register_job(Job("ops.backup_daily", "数据备份", at, "备份数据库和上传的文件，并删除超过保留天数的备份", CatchUp.LATEST))  # fmt: skip
