"""The common base of every file-format model."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

_FOLD = re.compile(r"(?<=\S) (?=\S)")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def unfold_wide(text: str) -> str:
    """Undo YAML line folding between Chinese characters.

    A folded scalar (``>``) joins its lines with a space, which is right for English
    and wrong for Chinese: "不佩戴 防护用品". As CSS Text Level 3 (segment break
    transformation) does for East Asian wide characters, a single space with a wide
    character on both sides is dropped; spaces next to Latin text stay.
    """
    return _FOLD.sub(
        lambda m: "" if _wide(text[m.start() - 1]) and _wide(text[m.end()]) else " ", text
    )


Prose = Annotated[str, AfterValidator(unfold_wide)]
"""Free text a user writes in a file, possibly folded over several lines."""


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
