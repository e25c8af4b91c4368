from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dangjian.accounts"

    def ready(self) -> None:
        from dangjian.accounts import security  # noqa: F401  (connects the signal receivers)
