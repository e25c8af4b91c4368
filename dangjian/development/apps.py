from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "dangjian.development"
    verbose_name = "发展党员"

    def ready(self) -> None:
        # A step's scans and photos are attachments of the step; its due items feed the home
        # page, the daily scan and the assistant through the one deadline interface.
        from dangjian.core.due import register_due_items
        from dangjian.development.due import development_due_items
        from dangjian.development.owners import STEP_OWNER
        from dangjian.documents.owners import register_owner_kind

        register_owner_kind(STEP_OWNER)
        register_due_items("development", development_due_items, order=40)
