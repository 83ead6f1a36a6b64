"""The icons of the interface, by role, drawn with qtawesome (Font Awesome 6 solid).

Kept in one place so a missing icon name (qtawesome renames icons between major font
versions) shows as a blank icon instead of stopping the app.
"""

from __future__ import annotations

from functools import cache

import qtawesome as qta
from PySide6.QtGui import QIcon

ICON_NAMES: dict[str, str] = {
    "claim": "fa6s.quote-left",
    "date": "fa6s.calendar",
    "figure": "fa6s.hashtag",
    "delete": "fa6s.trash",
    "undo": "fa6s.rotate-left",
    "redo": "fa6s.rotate-right",
    "import": "fa6s.file-import",
    "export": "fa6s.file-export",
    "import_folder": "fa6s.folder-open",
    "metadata": "fa6s.id-card",
    "encoding": "fa6s.language",
    "export_code": "fa6s.file-code",
    "export_lines": "fa6s.file-lines",
    "export_csv": "fa6s.file-csv",
    "adjust": "fa6s.arrows-left-right",
    "zoom_in": "fa6s.magnifying-glass-plus",
    "zoom_out": "fa6s.magnifying-glass-minus",
    "apply": "fa6s.check",
    "about": "fa6s.circle-info",
    "quit": "fa6s.right-from-bracket",
    # corrections review
    "pending": "fa6s.hourglass-half",
    "accepted": "fa6s.circle-check",
    "rejected": "fa6s.circle-xmark",
    "accept": "fa6s.check",
    "accept_all": "fa6s.check-double",
    "reject": "fa6s.xmark",
    "edit": "fa6s.pen-to-square",
    "everywhere": "fa6s.clone",
    "correct": "fa6s.spell-check",
    "noise": "fa6s.eraser",
    "suggest": "fa6s.wand-magic-sparkles",
    "compare": "fa6s.code-compare",
    "corrections": "fa6s.list-check",
    "warning": "fa6s.triangle-exclamation",
    # find bar and document list filter
    "find": "fa6s.magnifying-glass",
    "find_next": "fa6s.chevron-down",
    "find_previous": "fa6s.chevron-up",
    "close": "fa6s.xmark",
    "filter": "fa6s.filter",
    "review_next": "fa6s.forward-step",
    "review_previous": "fa6s.backward-step",
}

# roles drawn in a colour of their own (status at a glance); the rest are dark grey
ICON_COLORS: dict[str, str] = {
    "accepted": "#009e73",
    "accept": "#009e73",
    "accept_all": "#009e73",
    "rejected": "#b00020",
    "reject": "#b00020",
    "pending": "#0072b2",
    "warning": "#d55e00",
}


def _known(name: str) -> bool:
    prefix, _, glyph = name.partition(".")
    charmap = qta._instance().charmap  # loaded fonts: prefix -> {glyph name: code}
    return glyph in charmap.get(prefix, {})


@cache
def icon(role: str) -> QIcon:
    """The icon for ``role`` (a key of :data:`ICON_NAMES`); empty if the font lacks it."""
    name = ICON_NAMES[role]
    if not _known(name):
        return QIcon()
    return qta.icon(name, color=ICON_COLORS.get(role, "#333333"))
