"""Widgets of the blogdesk window: each one shows, the controller decides."""
