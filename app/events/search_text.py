"""How the search reads French: the one analysis of indexed text and of queries, the same
on SQLite and PostgreSQL (both index the words this module computes, so both give the same
answers; tests/events/test_french_corpus.py proves it on the demo data).

After the site's folding (app.common.text.fold: case, accents, ligatures œ/æ, typographic
apostrophes and dashes):
- elisions are dropped: "l'économie", "d’insertion", "qu'un" → "economie", "insertion", "un";
- a few very common words (articles, prepositions) are not indexed nor required;
- compounds: "éco-habitat", "éco habitat" and "écohabitat" are one word, "ecohabitat", when the
  first part is a common prefix (éco, bio, agro…); other hyphenated words ("tiers-lieu") index
  their parts and the joined word, and a hyphenated query asks for the parts;
- every word is reduced to its French Snowball stem (PyStemmer, the C libstemmer), so
  singular/plural and common inflections match ("logiciels libres" = "logiciel libre").
The unstemmed folded words are indexed too, to rank exact words first and to complete the
last word of a query as a prefix ("coop" finds "coopérative").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from app.common.text import fold

MAX_TERMS = 8
MAX_WORD = 60  # longer "words" (pasted links, keyboard runs) are not indexed nor asked for
_ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)'")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DISPLAY_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Prefixes written joined, hyphenated or apart in French: "éco-habitat", "éco habitat" and
# "écohabitat" are one word. Only those that never stand alone glue to the next word when
# written apart ("bio" does stand alone: "des produits bio").
PREFIXES = frozenset(
    {"eco", "bio", "agro", "socio", "auto", "co", "inter", "multi", "micro", "geo", "neo", "tele"}
)
GLUED_APART = PREFIXES - {"bio", "auto", "multi", "inter"}
STOPWORDS = frozenset(
    "a au aux avec ce ces dans de des du en et la le les leur leurs"
    " ou par pour sa se ses son sur un une y".split()
)
_stemmer = Stemmer.Stemmer("french")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """French Snowball stem of a folded word ("cooperatives" → "cooper"). Snowball expects
    accents, which the site folds away (people type "partagee" as often as "partagée"), so
    a few endings it leaves on folded words are trimmed after it: a final e ("partagee",
    "partage" → "partag"), the s of a plural after a vowel ("velos" → "velo") and the x of
    short plurals in -eux ("lieux" → "lieu", "jeux" → "jeu")."""
    if len(word) <= 5 and word.endswith("eux"):
        word = word[:-1]
    result = _stemmer.stemWord(word)
    if len(result) > 4 and result[-1] == "s" and result[-2] in "aiou":
        result = result[:-1]
    if len(result) > 3:
        result = result.rstrip("e") or result
    return result


def _chunks(text: str) -> list[tuple[list[str], bool]]:
    """Folded words or compounds (their parts, and whether the parts are one word whichever
    way they are written), elisions dropped."""
    raw = _WORD.findall(_ELISION.sub(" ", fold(text)))
    chunks: list[tuple[list[str], bool]] = []
    i = 0
    while i < len(raw):
        parts = raw[i].split("-")
        if parts[0] in GLUED_APART and len(parts) == 1 and i + 1 < len(raw):
            parts = [parts[0], *raw[i + 1].split("-")]  # éco habitat
            i += 1
        chunks.append((parts, len(parts) > 1 and parts[0] in PREFIXES))
        i += 1
    return chunks


def index_words(text: str | None) -> list[str]:
    """The exact (folded, unstemmed) words indexed for `text`, in order: the parts of a
    compound, then the compound joined."""
    words: list[str] = []
    for parts, _ in _chunks(text or ""):
        words.extend(p for p in parts if p and p not in STOPWORDS and len(p) <= MAX_WORD)
        joined = "".join(parts)
        if len(parts) > 1 and len(joined) <= MAX_WORD:
            words.append(joined)
    return words


def stems(words: list[str]) -> str:
    return " ".join(stem(w) for w in words)


@dataclass(frozen=True)
class Term:
    """One required word of a query: its stem must be indexed; when `prefix` (the last word
    typed), an indexed exact word starting with `word` also matches."""

    word: str
    stem: str
    prefix: bool


def query_terms(query: str | None, known: Callable[[str], bool] | None = None) -> list[Term]:
    """The required words of a query. The last one is completed as a prefix ("coop" finds
    "coopérative") unless it is a known word as it is (`known`, the index's vocabulary):
    then, like the others, it matches its inflections only ("vélo" and "vélos" alike, but
    not "vélocoop")."""
    words: list[str] = []
    for parts, joined in _chunks(query or ""):
        if joined:
            words.append("".join(parts))
        else:
            words.extend(p for p in parts if p and p not in STOPWORDS)
    words = [w for w in words if len(w) <= MAX_WORD]
    words = list(dict.fromkeys(words))[:MAX_TERMS]
    last = len(words) - 1
    return [Term(w, stem(w), prefix=(i == last and not (known and known(w)))) for i, w in enumerate(words)]


@lru_cache(maxsize=100_000)
def _fold_word(raw: str) -> str:
    return raw if raw.isascii() else fold(raw)


def display_words(text: str | None) -> dict[str, str]:
    """Folded word → how it is written (lower case, accents kept): "coopérative", "cœur";
    an accented spelling is preferred to a plain one."""
    found: dict[str, str] = {}
    lowered = _ELISION.sub(" ", (text or "").replace("’", "'").lower())
    for raw in sorted(set(_DISPLAY_WORD.findall(lowered)), key=lambda w: (w.isascii(), w)):
        folded = _fold_word(raw)
        if folded.isalnum():
            found.setdefault(folded, raw)
    return found
