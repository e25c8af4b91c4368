"""Errors that services raise for people to read (Chinese, naming the field)."""

from __future__ import annotations


class InvalidInput(Exception):
    """Bad input: a mapping of field name to Chinese messages. Nothing has been written."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {'，'.join(v)}" for k, v in errors.items()))
        self.errors = errors

    @classmethod
    def one(cls, field: str, message: str) -> InvalidInput:
        return cls({field: [message]})


class Conflict(Exception):
    """The change is not allowed in the current state (a message for people)."""
