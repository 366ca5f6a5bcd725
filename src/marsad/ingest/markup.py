"""Strip HTML to plain text: markup, scripts and event handlers never reach ``Document.text``."""

from __future__ import annotations

import re

import lxml.html  # type: ignore[import-untyped]
from lxml import etree

from marsad.arabic.normalise import normalise

# Elements whose content is never article text (code, embedded objects, forms, page chrome).
DROP_TAGS = frozenset(
    "script style noscript template iframe frame frameset object embed applet svg math canvas "
    "form button select option textarea input head title meta link base".split()
)
# Elements that start a new line of text.
BLOCK_TAGS = frozenset(
    "p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table thead tbody tfoot blockquote pre section "
    "article header footer aside nav main figure figcaption hr address details summary caption".split()
)
LOOKS_LIKE_HTML = re.compile(
    r"<(?:/?(?:p|div|br|span|a|b|i|u|em|strong|script|style|img|iframe|h[1-6]|ul|ol|li|table|tr|td|"
    r"blockquote|figure|section|article|font|center|small|sup|sub)\b[^<>]*|!--[\s\S]*?--)>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^<>]*>")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
# Labels Arabic news pages put on a line of their own around the article. Lines are compared after
# normalisation (hamza, tanween, ة/ه, ى/ي folded; punctuation dropped), so "اقرأ أيضاً:" matches too.
# A line that is exactly one of them is page furniture, not article text.
_LABELS = (
    "إعلان", "مساحة إعلانية", "اقرأ أيضا", "اقرأ المزيد", "شاهد أيضا", "أخبار ذات صلة", "مواضيع ذات صلة",
    "مقالات ذات صلة", "الأكثر قراءة", "الأكثر مشاهدة", "شارك", "مشاركة", "شارك الخبر", "طباعة", "تابعونا",
    "تابعنا", "تابعونا على", "الرئيسية", "حجم الخط", "تكبير الخط", "تصغير الخط", "نسخ الرابط", "التعليقات",
    "أضف تعليقا",
)  # fmt: skip

_SPACES = re.compile(r"[^\S\n]+")


def looks_like_html(text: str) -> bool:
    """Tell whether a record's text carries HTML markup that has to be stripped."""
    return LOOKS_LIKE_HTML.search(text) is not None


def html_to_text(markup: str) -> str:
    """Return the visible text of an HTML fragment, one line per block, scripts and styles removed."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError, TypeError):
        return tidy_lines(_TAG.sub(" ", markup))
    return element_text(root)


def element_text(root: lxml.html.HtmlElement) -> str:
    """Return the visible text under ``root`` (which it modifies), one line per block element."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            if element is not root and element.getparent() is not None:
                _drop_keeping_tail(element)
            continue
        tag = element.tag.lower()
        if tag in DROP_TAGS and element is not root:
            _drop_keeping_tail(element)
        elif tag in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if tag != "br":
                element.text = "\n" + (element.text or "")
    return tidy_lines(root.text_content())


def _drop_keeping_tail(element: etree._Element) -> None:
    """Remove an element and everything in it, but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def tidy_lines(text: str) -> str:
    """Collapse runs of spaces inside lines and drop blank lines (for text we build from markup)."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def drop_boilerplate_lines(text: str) -> str:
    """Remove lines that are only a page label ("إعلان", "اقرأ أيضا", "شارك"...), never article text."""
    lines = text.split("\n")
    kept = [line for line in lines if _label_key(line) not in BOILERPLATE_LABELS]
    return "\n".join(kept) if len(kept) != len(lines) else text


def _label_key(line: str) -> str:
    """Reduce a short line to its letters, normalised, for comparing with the labels."""
    if len(line) > 40:
        return ""
    return " ".join(_NOT_LETTERS.sub(" ", normalise(line)).split())


BOILERPLATE_LABELS = frozenset(_label_key(label) for label in _LABELS)
