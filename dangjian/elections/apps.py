from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "dangjian.elections"
    verbose_name = "班子与换届"

    def ready(self) -> None:
        # Terms due and failing checks feed the home page through the one deadline interface.
        from dangjian.core.due import register_due_items
        from dangjian.elections.due import election_due_items

        register_due_items("elections", election_due_items, order=40)
