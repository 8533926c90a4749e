"""The PySide6 layer of blogdesk: windows, widgets and the controller that drives them."""
