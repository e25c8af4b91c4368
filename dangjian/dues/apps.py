from django.apps import AppConfig


class DuesConfig(AppConfig):
    name = "dangjian.dues"
    verbose_name = "党费"

    def ready(self) -> None:
        from dangjian.core.due import register_due_items
        from dangjian.dues.arrears import dues_attention

        register_due_items("dues", dues_attention, order=30)
