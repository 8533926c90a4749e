"""blogdesk's own files (templates, theme, icons, desktop entry), installed as blogdesk.resources."""
