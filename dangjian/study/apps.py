from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "dangjian.study"
    verbose_name = "学习教育"

    def ready(self) -> None:
        # A member's study items still to do join every workflow's due items.
        from dangjian.core.due import register_due_items
        from dangjian.study.due import study_due_items

        register_due_items("study", study_due_items, order=60)
