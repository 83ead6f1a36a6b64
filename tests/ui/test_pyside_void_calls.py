"""Guard against the PySide6 6.12.0 bug on CPython < 3.12 (see DESIGN.md).

That release drops a reference to ``None`` on every wrapped call returning void; after
~5,200 such calls the interpreter aborts in ``none_dealloc``. The calls run in a child
process so that an abort fails this test instead of killing the test session.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

CALLS = 50_000

CHILD = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument

    doc = QTextDocument()
    doc.setPlainText("abcdefghij" * 10)
    cursor = QTextCursor(doc)
    fmt = QTextCharFormat()
    red = QColor("red")
    before = sys.getrefcount(None)
    for i in range({CALLS} // 2):
        cursor.setPosition(i % 100)      # void
        fmt.setForeground(red)           # void
    after = sys.getrefcount(None)
    print(before, after)
    """
)


def test_many_void_calls_keep_none_alive():
    proc = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, f"child died ({proc.returncode}): {proc.stderr[-500:]}"
    before, after = map(int, proc.stdout.split())
    if sys.version_info < (3, 12):  # None is immortal from 3.12 on: counts mean nothing
        assert before - after < 300, f"None lost {before - after} references"
