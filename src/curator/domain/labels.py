from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    CLAIM = "claim"
    DATE = "date"
    FIGURE = "figure"

    @property
    def title(self) -> str:  # type: ignore[override]
        return self.value.capitalize()


class Status(StrEnum):
    """Where an annotation stands in review.

    ``draft``: created, not yet confirmed; ``confirmed``: checked by a curator;
    ``needs_review``: the text under it changed (a correction) and a curator must look;
    ``orphaned``: a correction removed all of its text, so it has no place in the current
    text. It stays anchored to the revision it belonged to, with its quote, is listed for
    review, is never drawn on other text and is left out of curated exports.
    """

    DRAFT = "draft"
    CONFIRMED = "confirmed"
    NEEDS_REVIEW = "needs_review"
    ORPHANED = "orphaned"
