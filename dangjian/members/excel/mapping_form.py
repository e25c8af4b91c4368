"""The mapping screen of the member import: one choice per column of the file, a value for the
whole file where a required column is missing, and the meaning of each ambiguous value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from dangjian.members.excel.columns import MEMBER_COLUMNS, CellKind
from dangjian.members.excel.mapping import COLUMNS_BY_FIELD, PER_ROW, ColumnMapping, FileShape
from dangjian.orgs.models import Organization

FIELD_CHOICES = [("", "不导入"), *[(c.field, c.header) for c in MEMBER_COLUMNS]]
# Required fields that one value can fill for a whole file (all members in one branch, all 在职).
FIXABLE = frozenset(
    c.field
    for c in MEMBER_COLUMNS
    if c.required and c.kind in (CellKind.CHOICE, CellKind.ORG) and c.field not in PER_ROW
)


class MemberMappingForm(forms.Form):
    """Built from what ``inspect_file`` found; pre-filled with the suggestions and what was
    saved for the organisation last time."""

    def __init__(
        self, *args: Any, shape: FileShape, branches: Sequence[Organization], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.shape = shape
        self._columns(shape)
        self._fixed(shape, branches)
        self._meanings(shape)

    def _columns(self, shape: FileShape) -> None:
        for i, key in enumerate(shape.headers):
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=f"文件中的“{key}”列",
                choices=FIELD_CHOICES,
                required=False,
                initial=shape.mapping.headers.get(key, ""),
            )

    def _fixed(self, shape: FileShape, branches: Sequence[Organization]) -> None:
        wanted = [f for f in [*shape.missing, *shape.mapping.fixed] if f in FIXABLE]
        for name in dict.fromkeys(wanted):
            column = COLUMNS_BY_FIELD[name]
            options = (
                [(b.code, b.name) for b in branches]
                if column.kind is CellKind.ORG
                else list(column.choices)
            )
            self.fields[f"fixed_{name}"] = forms.ChoiceField(
                label=f"{column.header}（文件中没有此列时，整个文件统一为）",
                choices=[("", "请选择（不选则导入时提示缺少此列）"), *options],
                required=False,
                initial=shape.mapping.fixed.get(name, ""),
            )

    def _meanings(self, shape: FileShape) -> None:
        for j, doubt in enumerate(shape.ambiguities):
            column = COLUMNS_BY_FIELD[doubt.field]
            labels = dict(column.choices)
            self.fields[f"meaning_{j}"] = forms.ChoiceField(
                label=f"{doubt.header or column.header}中的“{doubt.text}”（{doubt.count}行）是指",
                choices=[
                    ("", "暂不确定（这些行暂不导入）"),
                    *((c, labels[c]) for c in doubt.codes),
                ],
                required=False,
                initial=shape.mapping.meanings.get(doubt.field, {}).get(doubt.text, ""),
            )

    def group(self, prefix: str) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(prefix)]

    @property
    def column_fields(self) -> list[forms.BoundField]:
        return self.group("col_")

    @property
    def fixed_fields(self) -> list[forms.BoundField]:
        return self.group("fixed_")

    @property
    def meaning_fields(self) -> list[forms.BoundField]:
        return self.group("meaning_")

    def mapping(self) -> ColumnMapping:
        """The decisions, as the import reads them (only after ``is_valid``)."""
        data = self.cleaned_data
        headers = {key: data[f"col_{i}"] for i, key in enumerate(self.shape.headers)}
        fixed = {
            name[len("fixed_") :]: value
            for name, value in data.items()
            if name.startswith("fixed_") and value
        }
        meanings: dict[str, dict[str, str]] = {}
        for j, doubt in enumerate(self.shape.ambiguities):
            if data.get(f"meaning_{j}"):
                meanings.setdefault(doubt.field, {})[doubt.text] = data[f"meaning_{j}"]
        return ColumnMapping(headers, fixed, meanings)
