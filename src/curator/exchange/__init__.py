"""Readers and writers: text files in, native JSON out and back. No Qt here."""
