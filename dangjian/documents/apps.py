from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "dangjian.documents"
    verbose_name = "文书与附件"
