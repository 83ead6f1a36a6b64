"""Widgets that show a document and its annotations."""
