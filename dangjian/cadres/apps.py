from django.apps import AppConfig


class CadresConfig(AppConfig):
    name = "dangjian.cadres"
    verbose_name = "干部信息库"

    def ready(self) -> None:
        # 个人有关事项 reports due feed the home page through the one deadline interface.
        from dangjian.cadres.due import cadre_due_items
        from dangjian.core.due import register_due_items

        register_due_items("cadres", cadre_due_items, order=45)
