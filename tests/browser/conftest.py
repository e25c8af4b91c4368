"""Browser tests use the Playwright fixtures registered for the whole suite in
tests/browser_support.py (one chromium per run, shared by every folder)."""

from tests.browser_support import log_in, shot

__all__ = ["log_in", "shot"]
