"""API schemas of the privacy app."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from markaz.core.schemas import page_of


class MyDataOut(Schema):
    """Everything Markaz holds about the caller; `parts` is keyed by the registry's parts."""

    format: str = Field(description="Format name and version: markaz-personal-data/1.")
    generated_at: datetime
    user_id: int
    parts: dict[str, Any]


class ConsentOut(Schema):
    id: int
    subject: str = Field(description="venture_public or directory")
    center: str = Field(description="Center slug.")
    venture_id: int | None
    person_id: int | None
    level: str = Field(description="public, or the directory visibility (center, network).")
    given_by_id: int | None
    given_at: datetime
    text_version: str
    withdrawn_at: datetime | None
    withdrawal: str = Field(description="withdrawn, switched_off, changed, erased or empty.")

    @staticmethod
    def resolve_center(obj) -> str:
        return obj.center.slug


ConsentPage = page_of(ConsentOut, "ConsentPage")


class ErasureRequestOut(Schema):
    id: int
    user_id: int
    status: str = Field(description="pending, completed, rejected or cancelled")
    requested_at: datetime
    decided_at: datetime | None
    decision_note: str
    rows_changed: dict[str, int] = Field(description="Rows changed per part, once completed.")

    @staticmethod
    def resolve_rows_changed(obj) -> dict[str, int]:
        return obj.erased or {}


ErasureRequestPage = page_of(ErasureRequestOut, "ErasureRequestPage")


class ErasureDecisionIn(Schema):
    decision: str = Field(pattern="^(confirm|refuse)$", description="confirm or refuse")
    note: str = Field("", max_length=300, description="Why it is refused (shown to the person).")
