from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "dangjian.ops"
    verbose_name = "运行维护"
