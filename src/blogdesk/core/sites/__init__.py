"""The site a library belongs to: its generator, its config, its conventions and template tags.

``detect_site(library_root)`` finds and reads the generator's config (never executing it);
``conventions`` holds each generator's metadata rules; ``templates`` turns the template tags in
a post body into Markdown/HTML before the Markdown renderer sees it.
"""

from blogdesk.core.sites.config import GENERATORS, MarkdownSettings, Site, blogdesk_site
from blogdesk.core.sites.detect import detect_site, find_generator

__all__ = ["GENERATORS", "MarkdownSettings", "Site", "blogdesk_site", "detect_site",
           "find_generator"]
