from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "dangjian.meetings"
    verbose_name = "组织生活"

    def ready(self) -> None:
        # Minutes' photos and files are attachments of the meeting.
        from dangjian.documents.owners import register_owner_kind
        from dangjian.meetings.owners import MEETING_OWNER

        register_owner_kind(MEETING_OWNER)
