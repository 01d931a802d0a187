"""What a curated table's definition is made of: the Field and Table records that helpers.tables fills in.

Kept apart from the definitions themselves so that :mod:`helpers.tables` stays a list of declarations; it re-exports
both names (``tables.Field``, ``tables.Table``). This module holds declarations only (no I/O).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Count units a field may carry: distinct records, or rows as read.
RECORDS = "records"
ROWS = "rows"


@dataclass(frozen=True)
class Field:
    """One column of a curated table."""

    name: str
    #: Table Schema type: ``string``, ``integer``, ``number`` or ``boolean``.
    type: str
    description: str
    unit: str | None = None
    #: The allowed values, in their order (the loader's categories, in this order).
    enum: tuple = ()
    #: The enum's order is a ranking (Junior < Middle < Senior < Executive): the loader's categorical is ordered.
    ordered: bool = False
    #: The loader's pandas dtype where it is not the type's default (a narrower integer, pandas' NA-aware
    #: ``"string"``, ``"category"`` for codes without a fixed list).
    dtype: str | None = None
    #: Computed by the curation: absent from the hand-authored input file the table is built from.
    derived: bool = False


@dataclass(frozen=True)
class Table:
    """One curated table (``data/curated/<name>.csv``)."""

    name: str
    title: str
    description: str
    sources: tuple[dict, ...]
    licenses: tuple[dict, ...]
    #: The period the figures refer to.
    period: str
    fields: tuple[Field, ...]
    #: Built from the hand-authored ``data/authored/<name>.csv`` (its columns: the fields not ``derived``).
    authored: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The table's column names, in order."""
        return tuple(f.name for f in self.fields)

    @property
    def authored_columns(self) -> tuple[str, ...]:
        """The columns of the hand-authored input file, in order (empty for a table computed from the survey)."""
        return tuple(f.name for f in self.fields if not f.derived) if self.authored else ()

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}; fields: {', '.join(self.columns)}")
