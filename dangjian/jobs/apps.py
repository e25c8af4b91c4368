from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "dangjian.jobs"
    verbose_name = "定时任务"
