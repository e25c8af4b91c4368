from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "dangjian.discipline"
    verbose_name = "党纪处分"

    def ready(self) -> None:
        # A sanction's decision (处分决定书) is kept as an attachment of the record.
        from dangjian.discipline.owners import SANCTION_OWNER
        from dangjian.documents.owners import register_owner_kind

        register_owner_kind(SANCTION_OWNER)
