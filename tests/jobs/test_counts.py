"""Every count a job records is shown with a Chinese label: the keys are read from each
registered job's task (its ``run.counts = {...}`` and ``run.counts["…"] = …``), so a job that
counts under a new key without a label fails here."""

from __future__ import annotations

import ast
import inspect
import re
import textwrap

import pytest

from dangjian.celery import app
from dangjian.jobs.catalogue import catalogue
from dangjian.jobs.selectors import COUNT_LABELS, counts_text

ASCII_LETTER = re.compile(r"[A-Za-z]")


def count_keys(name: str) -> set[str]:
    """The keys the task of job ``name`` counts under, read from its source."""
    if name not in app.tasks:
        app.loader.import_default_modules()
    source = textwrap.dedent(inspect.getsource(app.tasks[name].run))
    keys: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if _is_counts(target) and isinstance(node.value, ast.Dict):
                keys |= {_text(k) for k in node.value.keys if k is not None}
            if isinstance(target, ast.Subscript) and _is_counts(target.value):
                keys.add(_text(target.slice))
    return keys


def _text(node: ast.expr) -> str:
    assert isinstance(node, ast.Constant) and isinstance(node.value, str), ast.dump(node)
    return node.value


def _is_counts(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "counts"


@pytest.mark.parametrize("name", sorted(job.name for job in catalogue()))
def test_every_count_of_every_job_has_a_chinese_label(name: str) -> None:
    keys = count_keys(name)
    assert keys, f"{name}: no counts found in its task"
    for key in keys | {"failed"}:  # job_run adds "failed" for a run that noted errors
        assert key in COUNT_LABELS, f"{name} counts under {key!r} without a label"
        assert not ASCII_LETTER.search(COUNT_LABELS[key])


def test_the_counts_users_reported_read_in_chinese() -> None:
    alerts = {"created": 0, "updated": 0, "resolved": 0, "scored": 101}
    pickup = {"imported": 0, "unchanged": 0, "failed": 2}
    for counts in (alerts, pickup, {"frozen": 3}):
        assert not ASCII_LETTER.search(counts_text(counts)), counts_text(counts)
