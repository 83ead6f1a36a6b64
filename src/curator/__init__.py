"""Curator: annotate and curate historical documents.

The core (``text``, ``domain``, ``store``, ``services``, ``suggest``, ``exchange``,
``cli``) never imports Qt; only ``curator.ui`` and ``curator.app`` do.
"""

__version__ = "0.1.0"
