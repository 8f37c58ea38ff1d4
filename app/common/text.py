"""The one text folding of the site, used by the search index and queries, the gazetteer,
slugs and duplicate detection; and the plain normalisation of e-mail addresses.

Folding: compatibility decomposition (accents come apart and are dropped, "ﬁ" becomes "fi"),
then text-unidecode transliterates what is left outside ASCII: œ → oe, æ → ae, ß → ss,
typographic apostrophes ’ ‘ ʼ → ', dashes – — and the non-breaking hyphen → -, non-breaking
spaces → space, « » → << >>. Then lower case."""

from __future__ import annotations

import re
import unicodedata

from text_unidecode import unidecode

_ACCENTS = re.compile(r"[\u0300-\u036f]+")  # combining marks left by NFKD
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(value: str | None) -> str:
    """Lower-case ASCII text: "L’Œuvre d’Étienne" → "l'oeuvre d'etienne"."""
    if not value:
        return ""
    # Accents are dropped in C (regex); only what is left outside ASCII goes through
    # text-unidecode: twice as fast on French text (a full reindex folds every event).
    text = _ACCENTS.sub("", unicodedata.normalize("NFKD", str(value)))
    if not text.isascii():
        text = _NON_ASCII.sub(lambda m: unidecode(m.group()), text)
    return text.lower()


def match_key(value: str | None) -> str:
    """Folded words separated by single spaces (punctuation, apostrophes and hyphens too):
    the key on which two names are compared ("Saint‑Étienne" and "saint etienne" match)."""
    return _NON_ALNUM.sub(" ", fold(value)).strip()


def slugify(value: str, max_length: int = 80) -> str:
    """URL slug: "L’Économie" → "l-economie", "Œuvres sociales" → "oeuvres-sociales"."""
    slug = _NON_ALNUM.sub("-", fold(value)).strip("-")
    return slug[:max_length].rstrip("-") or "evenement"


def normalize_email(email: str | None) -> str:
    """Case and surrounding spaces do not distinguish addresses (accounts, newsletter,
    organisers). The public vote has its own, stricter identity: app.prizes.vote.services.voter_identity."""
    return (email or "").strip().lower()


_TAG = re.compile(r"<[^>]*>")
_MARKDOWN = re.compile(r"!\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)|[*`#>~]+|(?<!\w)_+|_+(?!\w)")
_SPACES = re.compile(r"\s+")


def plain_excerpt(value: str | None, limit: int = 160) -> str:
    """Plain text of at most `limit` characters for a meta description or a card: tags and
    Markdown marks removed (a link keeps its text), spaces collapsed, cut after a whole word
    with "…"."""
    import html

    text = html.unescape(_TAG.sub(" ", str(value or "")))
    text = _MARKDOWN.sub(lambda m: m.group(1) or m.group(2) or " ", text)
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"
