"""One self-contained web page of cases: sound, figure and playhead, for any phone or laptop."""

from .page import page_case, page_html, write_page

__all__ = ["page_case", "page_html", "write_page"]
