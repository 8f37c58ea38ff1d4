"""The shared French corpus: pairs of queries that must find the same events, on the demo data.

Runs in both passes of the suite (SQLite, then PostgreSQL with TEST_DATABASE_URL): each query
is compared with a brute-force reference computed in Python from the events' own texts (read
through the ORM, not through the index), so both backends answer exactly what the reference
answers, hence the same event ids.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.demo import generator
from app.events import search_text, spelling
from app.events.params import SearchParams
from app.events.search import PUBLIC_STATUS, search
from app.models import Edition, Event

# (query A, query B): the same events, and at least one. From the demo data's vocabulary.
PAIRS = [
    # singular / plural and inflections
    ("logiciel libre", "logiciels libres"),
    ("coopérative", "coopératives"),
    ("coopératif", "coopératifs"),
    ("jardin partagé", "jardins partagés"),
    ("atelier vélo", "ateliers vélos"),
    ("énergie citoyenne", "énergies citoyennes"),
    ("ressourcerie", "ressourceries"),
    ("recyclerie", "recycleries"),
    ("repair café", "repair cafés"),
    ("emploi", "emplois"),
    ("jeune", "jeunes"),
    ("numérique", "numériques"),
    ("habitant", "habitants"),
    ("quartier", "quartiers"),
    ("circuit court", "circuits courts"),
    ("insertion professionnelle", "insertions professionnelles"),
    ("médico-social", "médico-sociaux"),
    ("tiers-lieu", "tiers-lieux"),
    # case and accents
    ("ÉCONOMIE", "economie"),
    ("Développement durable", "developpement durable"),
    ("Alimentation", "ALIMENTATION"),
    ("vélo", "VELO"),
    ("conférence", "conference"),
    # ligatures
    ("cœur", "coeur"),
    ("Cœur de quartier", "coeur de quartier"),
    ("œil", "OEIL"),
    ("cœurs", "COEUR"),
    # elisions, straight and typographic apostrophes
    ("l'insertion", "insertion"),
    ("d’insertion", "d'insertion"),
    ("l’économie sociale", "économie sociale"),
    ("l'emploi", "emploi"),
    ("d'activités", "activités"),
    ("s’engager", "engager"),
    ("c'est", "est"),
    ("qu’apprend", "apprend"),
    # compounds: hyphenated, apart, joined
    ("éco-habitat", "éco habitat"),
    ("éco-habitat", "écohabitat"),
    ("éco-construction", "écoconstruction"),
    ("écoconstruction", "éco construction"),
    ("tiers-lieu", "tiers lieu"),
    ("vélo-école", "vélo école"),
    ("ciné-débat", "ciné débat"),
    ("savoir-faire", "savoir faire"),
    ("mini-entreprise", "mini entreprise"),
    ("conférence-débat", "conférence débat"),
]
# (misspelt query, the correction offered, a query finding the same events as the correction)
TYPOS = [
    ("coperative", "coopérative", "coopérative"),
    ("insertoin", "insertion", "insertion"),
    ("ressourcrie", "ressourcerie", "ressourcerie"),
    ("econmie sociale", "économie sociale", "economie sociale"),
    ("alimantation", "alimentation", "alimentation"),
    ("numerqiue", "numérique", "numérique"),
]


@pytest.fixture()
def demo(db):
    generator.generate(events=600, seed=11)
    db.session.commit()
    edition = db.session.scalar(select(Edition).where(Edition.year == 2026))
    return edition.id, Reference(db)


class Reference:
    """Brute force: every event's words from its own columns, each query checked against all."""

    def __init__(self, db):
        events = db.session.scalars(
            select(Event).options(selectinload(Event.coorganisers), selectinload(Event.organiser))
        ).all()
        self.tokens: dict[int, set[str]] = {}
        self.vocabulary: set[str] = set()
        self.public = {e.id for e in events if e.status == PUBLIC_STATUS}
        for e in events:
            body = " ".join(
                [e.summary, e.description, e.organiser.name, e.commune, e.venue, e.other_coorganisers]
                + [o.name for o in e.coorganisers]
            )
            words = search_text.index_words(e.title) + search_text.index_words(body)
            self.tokens[e.id] = {search_text.stem(w) for w in words} | {"=" + w for w in words}
            self.vocabulary |= {
                w for w in search_text.display_words(f"{e.title} {body}") if len(w) >= 4 and w.isalpha()
            }
        self.edition_of = {e.id: e.edition_id for e in events}

    def ids(self, query: str, edition_id: int) -> set[int]:
        terms = search_text.query_terms(query, self.vocabulary.__contains__)
        return {
            event_id
            for event_id, tokens in self.tokens.items()
            if event_id in self.public
            and self.edition_of[event_id] == edition_id
            and all(_holds(tokens, term) for term in terms)
        }


def _holds(tokens: set[str], term: search_text.Term) -> bool:
    if term.stem in tokens or "=" + term.word in tokens:
        return True
    return term.prefix and any(t.startswith("=" + term.word) for t in tokens)


def _found(query: str, edition_id: int) -> set[int]:
    result = search(SearchParams(q=query), edition_id, page_size=5000, with_facets=False)
    return {e.id for e in result.events}


def test_corpus_is_large_enough_and_covers_every_case():
    assert len(PAIRS) >= 40
    queries = " ".join(a + " " + b for a, b in PAIRS)
    for sign in ("œ", "’", "'", "-", "É", "qu’", "c'"):
        assert sign in queries


def test_french_query_pairs_find_the_same_events_on_every_backend(demo):
    edition_id, reference = demo
    failures = []
    for a, b in PAIRS:
        found_a, found_b = _found(a, edition_id), _found(b, edition_id)
        expected = reference.ids(a, edition_id)
        if (
            not expected
            or found_a != expected
            or found_b != expected
            or reference.ids(b, edition_id) != expected
        ):
            failures.append((a, b, len(expected), len(found_a), len(found_b)))
    assert failures == [], failures


def test_misspelt_words_are_corrected_alike_on_every_backend(demo):
    edition_id, reference = demo
    failures = []
    for typo, correction, same_as in TYPOS:
        offered = spelling.suggestion(SearchParams(q=typo), edition_id)
        expected = reference.ids(same_as, edition_id)
        if offered != correction or not expected or _found(offered, edition_id) != expected:
            failures.append((typo, offered, len(expected)))
    assert failures == [], failures


def test_exact_word_ranks_first(demo):
    edition_id, reference = demo
    ranked = search(SearchParams(q="coopérative", sort="pertinence"), edition_id, page_size=5000).events
    exact = ["=cooperative" in reference.tokens[e.id] for e in ranked]
    assert any(exact) and not all(exact)
    assert exact == sorted(exact, reverse=True)  # every exact match before the first inflection
