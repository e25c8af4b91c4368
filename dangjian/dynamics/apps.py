from django.apps import AppConfig


class DynamicsConfig(AppConfig):
    name = "dangjian.dynamics"
    verbose_name = "党员动态管理"

    def ready(self) -> None:
        from dangjian.core.due import register_due_items
        from dangjian.dynamics.due import (
            dynamics_counters,
            dynamics_due_items,
            transfers_waiting_items,
        )

        register_due_items(
            "dynamics",
            dynamics_due_items,
            order=50,
            counters=dynamics_counters(),
            remainder=transfers_waiting_items,
        )

        from dangjian.dynamics.due_standing import standing_due_items

        register_due_items(
            "dynamics_standing", standing_due_items, order=51, label="党籍与失联党员"
        )
