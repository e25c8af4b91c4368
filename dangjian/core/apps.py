from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dangjian.core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from dangjian.core.audit_chain import register_sqlite_gate

        connection_created.connect(register_sqlite_gate, dispatch_uid="dangjian_audit_gate")
