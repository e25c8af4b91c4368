from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "dangjian.discipline"
    verbose_name = "党纪处分"
