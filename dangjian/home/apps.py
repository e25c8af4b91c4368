from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The home page and its cards: reads every capability, is read by none."""

    name = "dangjian.home"
    verbose_name = "工作台"
