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


# the curator's own highlight colours (Edit ▸ Preferences…), by label value
_overrides: dict[str, str] = {}


def set_highlight_overrides(mapping: dict[str, str]) -> None:
    """Use these highlight colours (``{"date": "#rrggbb"}``) instead of the defaults."""
    _overrides.clear()
    _overrides.update({Label(k).value: QColor(v).name() for k, v in mapping.items() if QColor(v).isValid()})


def default_highlight(label: Label | str) -> QColor:
    return QColor(_PALETTE[Label(label)][0])


def highlight(label: Label | str) -> QColor:
    """The background painted under an annotation's text."""
    value = Label(label).value
    return QColor(_overrides[value]) if value in _overrides else default_highlight(label)


def strong(label: Label | str) -> QColor:
    """The saturated hue: legend swatch, current-annotation outline, label column."""
    return QColor(_PALETTE[Label(label)][1])


def highlight_colors() -> dict[str, QColor]:
    """The mapping :meth:`DocumentView.set_label_colors` takes."""
    return {label.value: highlight(label) for label in Label}
