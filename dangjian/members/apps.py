from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangjian.members"
    verbose_name = "党员信息"

    def ready(self) -> None:
        from dangjian.core.due import register_due_items
        from dangjian.members.due import member_counted_item, member_counters, member_due_items

        register_due_items(
            "members",
            member_due_items,
            order=10,
            counters=member_counters(),
            counted_item=member_counted_item,
        )
