from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "dangjian.assistant"
    verbose_name = "党建助手"
