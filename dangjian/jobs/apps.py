from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "dangjian.jobs"
    verbose_name = "定时任务"

    def ready(self) -> None:
        from dangjian.core.due import register_due_items
        from dangjian.jobs.selectors import jobs_due_items

        register_due_items("jobs", jobs_due_items, order=90)
