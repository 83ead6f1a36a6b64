"""Highlight colours of the labels.

The hues are those of the Okabe-Ito palette (sky blue, orange, bluish green), which stay
distinct under the common colour-vision deficiencies. Highlights are light tints of
them so black text on top keeps a contrast above 12:1; the saturated hue is used for
outlines, legend swatches and the label column.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from curator.domain.labels import Label

# label -> (highlight tint behind text, strong hue for swatches and outlines)
_PALETTE: dict[Label, tuple[str, str]] = {
    Label.CLAIM: ("#cde6f7", "#0072b2"),   # sky blue tint / blue
    Label.DATE: ("#fbdfa6", "#e69f00"),    # orange tint / orange
    Label.FIGURE: ("#b9e8d5", "#009e73"),  # bluish-green tint / bluish green
}


def highlight(label: Label | str) -> QColor:
    """The background painted under an annotation's text."""
    return QColor(_PALETTE[Label(label)][0])


def strong(label: Label | str) -> QColor:
    """The saturated hue: legend swatch, current-annotation outline, label column."""
    return QColor(_PALETTE[Label(label)][1])


def highlight_colors() -> dict[str, QColor]:
    """The mapping :meth:`DocumentView.set_label_colors` takes."""
    return {label.value: highlight(label) for label in Label}
