"""Use-cases. Each public function is one user action: one store transaction that
returns what changed, so a caller (the GUI, the command line) refreshes precisely."""
