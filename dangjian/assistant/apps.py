from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "dangjian.assistant"
    verbose_name = "党建助手"

    def ready(self) -> None:
        from dangjian.jobs.catalogue import CatchUp, Every, Job, register_job

        register_job(Job("assistant.index_pending", "知识库补建索引", Every(600), "为等待索引的知识库文档建立检索索引（补上工作进程重启时丢失的索引任务）", CatchUp.NONE))  # fmt: skip
