"""Canonical text and offsets.

Every offset Curator stores or exports counts Unicode code points into a revision's
canonical text (NFC, ``\\n`` line endings). Qt counts UTF-16 code units; the one
conversion between the two lives in :class:`curator.text.offsets.Utf16Map`.
"""

from curator.text.canonical import CanonicalText, canonicalize, sha256_hex
from curator.text.offsets import Utf16Map

__all__ = ["CanonicalText", "canonicalize", "sha256_hex", "Utf16Map"]
