"""Model fields for personal data stored encrypted (DESIGN: personal data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from dangjian.core import crypto

if TYPE_CHECKING:  # to the type checker the field holds text, which is what code sees
    _Base = models.Field[str | None, str | None]
else:
    _Base = models.BinaryField


class EncryptedTextField(_Base):
    """A text value stored as SM4-GCM ciphertext; reads decrypt transparently.

    Encryption is randomised, so the column cannot be searched: pair it with a lookup hash.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return crypto.decrypt(bytes(value))

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, (bytes, memoryview)):
            return value
        return crypto.encrypt(str(value))
