"""The one text folding of the site, on French examples (ligatures, typographic apostrophes
and dashes, non-breaking spaces), and the two e-mail normalisations that differ on purpose."""

import pytest

from app.common.text import fold, match_key, normalize_email, slugify
from app.prizes.vote.services import voter_identity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cœur", "coeur"),
        ("Œuvres", "oeuvres"),
        ("ÆSOP", "aesop"),
        ("L’Économie", "l'economie"),
        ("lʼamap ‘bio’", "l'amap 'bio'"),
        ("2026–2027 — bilan", "2026-2027 -- bilan"),  # en dash, em dash
        ("éco‑habitat", "eco-habitat"),  # non-breaking hyphen U+2011
        ("Mois\u00a0de\u202fl’ESS", "mois de l'ess"),  # no-break space, narrow no-break space
        ("Straße", "strasse"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_handles_french_typography(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Œuvres sociales", "oeuvres-sociales"),
        ("Cœur de ville", "coeur-de-ville"),
        ("L’Économie", "l-economie"),
        ("L'Économie", "l-economie"),
        ("« éco‑habitat »", "eco-habitat"),
        ("Saint‑Étienne", "saint-etienne"),
        ("ÆSOP", "aesop"),
        ("Mois\u00a0de l’ESS\u202f!", "mois-de-l-ess"),
        ("« — »", "evenement"),
    ],
)
def test_slugify_french_examples(text, expected):
    assert slugify(text) == expected


def test_slugify_cuts_at_max_length_without_a_trailing_dash():
    assert slugify("Cœur de ville", max_length=6) == "coeur"


def test_match_key_makes_spellings_of_one_name_equal():
    spellings = ["Saint-Etienne", "Saint‑Étienne", "  SAINT ÉTIENNE ", "Saint–Étienne"]
    assert {match_key(s) for s in spellings} == {"saint etienne"}
    assert match_key("L’Haÿ-les-Roses") == match_key("L'Hay les Roses") == "l hay les roses"


def test_account_and_vote_normalise_addresses_differently():
    address = "  Jean.Dupont+Prix@GoogleMail.com "
    assert normalize_email(address) == "jean.dupont+prix@googlemail.com"
    assert voter_identity(address) == "jeandupont@gmail.com"


def test_plain_excerpt_drops_markup_and_cuts_after_a_whole_word():
    from app.common.text import plain_excerpt

    text = "<p>Un **atelier** _partagé_ sur la [monnaie locale](https://x.fr) &amp; solidaire</p>\n\n# Suite"
    assert plain_excerpt(text) == "Un atelier partagé sur la monnaie locale & solidaire Suite"
    long = "Découvrir l'économie sociale, " * 10
    cut = plain_excerpt(long, 50)
    assert cut == "Découvrir l'économie sociale, Découvrir…"
    assert plain_excerpt("mot_composé reste", 160) == "mot_composé reste"
    assert plain_excerpt(None) == ""
