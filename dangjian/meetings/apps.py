from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "dangjian.meetings"
    verbose_name = "组织生活"

    def ready(self) -> None:
        # Minutes' photos and files are attachments of the meeting.
        # The meetings owed and not recorded feed the home page through the deadline interface.
        from dangjian.core.due import register_due_items
        from dangjian.documents.owners import register_owner_kind
        from dangjian.meetings.due import meeting_due_items
        from dangjian.meetings.owners import MEETING_OWNER

        register_owner_kind(MEETING_OWNER)
        register_due_items("meetings", meeting_due_items, order=50)

        from dangjian.meetings.talk_plans import talk_plan_due_items

        register_due_items("talks", talk_plan_due_items, order=52, label="谈心谈话")
