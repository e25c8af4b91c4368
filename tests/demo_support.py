"""The demo loaded once for a class of tests that only read it.

Loading the demo takes a minute or more on a CI machine, and a suite that loaded it afresh for
every test spent most of its time there. A class of tests that read the same demo shares one load:
it lives in a transaction rolled back when the class ends, and each test (through `db`) runs in a
savepoint of it, so nothing a test writes reaches the next test or another class. Only tests that
request `db` (never `transactional_db` or `live_server`) may use it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from pytest_django import DjangoDbBlocker

from dangjian.demo import DemoSummary, load_demo


def demo_for_the_class(django_db_blocker: DjangoDbBlocker, **params: Any) -> Iterator[DemoSummary]:
    """Yield `load_demo(**params)`, loaded in a transaction that is rolled back afterwards.

    Use as the body of a class-scoped fixture that also requests `django_db_setup`.
    """
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            summary = load_demo(**params)
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield summary
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
