"""URL converters: an ``<id:...>`` segment is a record id within bigint, or the URL does not match.

Django's ``<int:...>`` takes any run of digits, and 9223372036854775808 then overflows the
database parameter (a 500 on PostgreSQL); here it is a 404 like any other unknown address.
"""

from __future__ import annotations

from django.urls import register_converter

from dangjian.core.bounds import ID_MAX


class IdConverter:
    regex = "[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError("not an id")  # Django answers 404: no pattern matches
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
