"""Fixtures of the job tests: the seeded people, and a system administrator."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.jobs.seed import seed_people


@pytest.fixture
def people(db: None) -> SimpleNamespace:
    return seed_people()
