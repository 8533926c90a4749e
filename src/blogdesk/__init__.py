"""blogdesk: a desktop app for reading, drafting and exporting Markdown blog posts."""

__version__ = "0.1.0"
