from django.apps import AppConfig


class DynamicsConfig(AppConfig):
    name = "dangjian.dynamics"
    verbose_name = "党员动态管理"
