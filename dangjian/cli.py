"""The ``dangjian`` console script: Django's management commands under the product's name."""

from __future__ import annotations

import os
import sys

# Exit status when the settings (the environment) are wrong: the process never started.
BAD_SETTINGS = 78  # EX_CONFIG


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    if not _settings_load():
        sys.exit(BAD_SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dangjian", *sys.argv[1:]])


def _settings_load() -> bool:
    """Load the settings; a missing or malformed secret is one Chinese line on stderr."""
    from django.conf import settings

    from dangjian.core.env import MissingSetting

    try:
        settings.INSTALLED_APPS  # noqa: B018  (reading it loads the settings module)
    except MissingSetting as exc:
        print(f"dangjian 无法启动：{exc}", file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    main()
