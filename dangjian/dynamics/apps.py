from django.apps import AppConfig


class DynamicsConfig(AppConfig):
    name = "dangjian.dynamics"
    verbose_name = "党员动态管理"

    def ready(self) -> None:
        from dangjian.core.due import register_due_items
        from dangjian.dynamics.due import (
            dynamics_counters,
            dynamics_due_items,
            dynamics_item,
            transfers_waiting_remainder,
        )

        register_due_items(
            "dynamics",
            dynamics_due_items,
            order=50,
            counters=dynamics_counters(),
            counted_item=dynamics_item,
            remainder=transfers_waiting_remainder,
        )

        from dangjian.dynamics.due_standing import standing_due_items

        register_due_items(
            "dynamics_standing", standing_due_items, order=51, label="党籍与失联党员"
        )
