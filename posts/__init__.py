"""The sample library, installed as blogdesk.sample_posts (this file only makes it a package)."""
