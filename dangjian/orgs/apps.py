from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dangjian.orgs"
    verbose_name = "组织"

    def ready(self) -> None:
        from dangjian.core.due import register_due_items
        from dangjian.orgs.due import org_due_items

        register_due_items("orgs", org_due_items, order=20)
