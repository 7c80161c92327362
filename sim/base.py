"""The common base of every file-format model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FileModel(BaseModel):
    """Strict: unknown fields are errors, values are not silently coerced between kinds."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class Named(FileModel):
    """Something with an id and a Chinese name with an English label."""

    id: str = Field(
        min_length=1,
        max_length=80,
        pattern=r"^[^\s]+$",
        description="Identifier used for cross-references (no spaces; Chinese allowed).",
    )
    name: str = Field(min_length=1, description="Name as the plan writes it (usually Chinese).")
    name_en: str | None = Field(default=None, description="English label for reports.")

    def label(self, lang: str = "zh") -> str:
        if lang == "en" and self.name_en:
            return self.name_en
        return self.name
