"""The ``dangjian`` console script: Django's management commands under the product's name."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dangjian", *sys.argv[1:]])


if __name__ == "__main__":
    main()
