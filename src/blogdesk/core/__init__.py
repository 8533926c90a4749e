"""The Qt-free core of blogdesk: post files, stats, rendering, the library and export."""
