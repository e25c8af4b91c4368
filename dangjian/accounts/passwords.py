"""Password rules beyond Django's own validators (length, common passwords, similarity)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError

from dangjian.core.actor import Actor

CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
)


def character_classes(password: str) -> int:
    """How many of the four classes (upper, lower, digit, other) ``password`` uses."""
    used = sum(1 for _label, test in CLASSES if any(test(ch) for ch in password))
    other = any(not (ch.isupper() or ch.islower() or ch.isdigit()) for ch in password)
    return used + int(other)


class MinimumLengthValidator:
    """At least PASSWORD_MIN_LENGTH characters (Django's own message is not translated)."""

    def validate(self, password: str, user: Actor = None) -> None:
        needed = settings.PASSWORD_MIN_LENGTH
        if len(password) < needed:
            raise ValidationError(
                f"密码太短：至少{needed}个字符，现有{len(password)}个", code="password_too_short"
            )

    def get_help_text(self) -> str:
        return f"至少{settings.PASSWORD_MIN_LENGTH}个字符"


class CharacterClassValidator:
    """At least PASSWORD_MIN_CLASSES of: upper-case letters, lower-case letters, digits, others."""

    def validate(self, password: str, user: Actor = None) -> None:
        needed = settings.PASSWORD_MIN_CLASSES
        if character_classes(password) < needed:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、其他符号中的至少{needed}类",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"须包含大写字母、小写字母、数字、其他符号中的至少{settings.PASSWORD_MIN_CLASSES}类"


class NotUsernameValidator:
    """Not the user name, forwards or backwards, in any case (similarity misses short names)."""

    def validate(self, password: str, user: Actor = None) -> None:
        username = (getattr(user, "username", "") or "").lower()
        if username and username in {password.lower(), password.lower()[::-1]}:
            raise ValidationError("密码不能与用户名相同", code="password_is_username")

    def get_help_text(self) -> str:
        return "不能与用户名相同"
