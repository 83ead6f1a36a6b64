"""The ``curator`` subcommands, one module per area; ``curator.cli`` builds the parser
and maps errors to exit codes. Nothing here imports Qt."""
