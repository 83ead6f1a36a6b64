# Run-time hook replacing PyInstaller's pyi_rth_pyside6, which imports PySide6.QtCore
# at start-up to register a qt.conf: that would load Qt (~40 MB of libraries) for every
# `curator import/export/...` command too. The PyPI PySide6 wheels register their own
# qt.conf when PySide6 is imported, so the paths below are all the bundle needs; Qt is
# loaded only when the window is opened.
import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6", "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
os.environ["QML2_IMPORT_PATH"] = os.path.join(_qt, "qml")
del _qt
