"""Subcommands of the ``blogdesk`` command line, one module each."""
