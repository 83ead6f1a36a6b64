"""Curator's desktop interface: the only package that imports PySide6 or qtawesome."""
