from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "dangjian.ops"
    verbose_name = "运行维护"

    def ready(self) -> None:
        from django.conf import settings

        from dangjian.jobs.catalogue import CatchUp, Daily, Every, Job, register_job
        from dangjian.jobs.periods import clock_time

        at = Daily(*clock_time(settings.BACKUP_AT, "DANGJIAN_BACKUP_AT"))
        register_job(Job("ops.backup_daily", "数据备份", at, "备份数据库和上传的文件，并删除超过保留天数的备份", CatchUp.LATEST))  # fmt: skip
        register_job(Job("ops.pickup", "共享文件夹导入", Every(300), "导入共享文件夹中的人事干部信息和工资文件（经各自的导入功能，以设置的导入账号进行），处理后移入“已处理”或“未导入”并附结果说明", CatchUp.NONE))  # fmt: skip
