"""The prize categories and the steps of the candidacy form (one JSON object per step)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

CATEGORIES = (
    ("performance", _l("Prix de la performance économique")),
    ("innovation", _l("Prix de l'innovation sociale")),
    ("impact-local", _l("Prix de l'impact local")),
    ("coup-de-coeur", _l("Prix coup de cœur")),
)
CATEGORY_CODES = tuple(code for code, _label in CATEGORIES)


@dataclass(frozen=True)
class Question:
    name: str
    label: object
    kind: str = "textarea"  # text, textarea, integer, categories
    required: bool = True
    max_length: int = 5000
    minimum: int = 0
    maximum: int = 10**9
    grouped: bool = True  # an integer shown with French digit groups ("180 000"); not a year


@dataclass(frozen=True)
class Step:
    slug: str
    title: object
    questions: tuple[Question, ...]


STEPS = (
    Step(
        "organisation",
        _l("Organisation"),
        (
            Question("legal_status", _l("Statut juridique"), "text", max_length=120),
            Question(
                "creation_year", _l("Année de création"), "integer", minimum=1800, maximum=2100, grouped=False
            ),
            Question("presentation", _l("Présentation de l'organisation")),
        ),
    ),
    Step(
        "projet",
        _l("Projet"),
        (
            Question("project_title", _l("Titre du projet"), "text", max_length=200),
            Question("categories", _l("Prix visés"), "categories"),
            Question("activity", _l("Activité et projet présentés")),
        ),
    ),
    Step(
        "performance",
        _l("Performance économique"),
        (Question("economic", _l("Modèle économique et résultats")),),
    ),
    Step(
        "innovation",
        _l("Innovation sociale"),
        (Question("social_innovation", _l("En quoi le projet est-il socialement innovant ?")),),
    ),
    Step(
        "impact",
        _l("Impact local"),
        (Question("local_impact", _l("Effets sur le territoire et ses habitants")),),
    ),
    Step("environnement", _l("Environnement"), (Question("environment", _l("Impact environnemental")),)),
    Step(
        "chiffres",
        _l("Chiffres clés"),
        (
            Question("employees", _l("Nombre de salariés"), "integer", maximum=1_000_000),
            Question("turnover", _l("Chiffre d'affaires annuel (en euros)"), "integer"),
            Question("jobs_created", _l("Emplois créés depuis trois ans"), "integer", maximum=1_000_000),
        ),
    ),
)
STEP_SLUGS = tuple(s.slug for s in STEPS)


def step(slug: str) -> Step | None:
    return next((s for s in STEPS if s.slug == slug), None)


def next_step(slug: str) -> str | None:
    i = STEP_SLUGS.index(slug)
    return STEP_SLUGS[i + 1] if i + 1 < len(STEP_SLUGS) else None


def category_label(code: str) -> str:
    return str(dict(CATEGORIES).get(code, code))
