"""Titles, summaries, descriptions and venues of demo events, in plausible French."""

from __future__ import annotations

import random

from app.demo.names import PERSONS, SHORT_NAMES
from app.demo.places import de

# Placeholders: {s} subject, {film}, {act} activity, {forum}, {prev} prevention topic,
# {pde} "de la recyclerie", {pn} short name, {ca} "à Quimper", {cde} "de Quimper",
# {dde} "du Finistère", {rde} "de Bretagne", {org} organiser's name.
TITLES: dict[str, tuple[str, ...]] = {
    "debat": (
        "Débat : « {s} »",
        "Conférence-débat : « {s} »",
        "Table ronde : {s}",
        "Café citoyen : « {s} »",
        "Conférence « {s} » {ca}",
    ),
    "colloque": (
        "Colloque « {s} »",
        "Séminaire : {s}",
        "Rencontres {rde} de l'ESS : « {s} »",
        "Journée d'étude : {s}",
    ),
    "forum": (
        "Forum {forum} {dde}",
        "Forum {forum} {cde}",
        "Salon de l'ESS {cde}",
        "Forum des acteurs de l'économie sociale et solidaire {cde}",
    ),
    "portes-ouvertes": (
        "Portes ouvertes {pde} {pn} {ca}",
        "Visite {pde} {pn}",
        "Découverte {pde} {pn} {ca}",
        "Portes ouvertes chez {org}",
    ),
    "projection": (
        "Ciné-débat : « {s} »",
        "Projection du documentaire « {film} » suivie d'un débat",
        "Projection-rencontre : « {film} »",
        "Ciné-ESS : « {film} » {ca}",
    ),
    "atelier": ("{act}", "{act} {ca}", "{act} avec {org}"),
    "information": (
        "Session d'information : {s}",
        "Réunion d'information : « {s} »",
        "Matinale d'information : {s}",
    ),
    "animation": (
        "Balade découverte de l'ESS {ca}",
        "Jeu de piste solidaire {ca}",
        "Exposition « {s} »",
        "Stand de l'économie sociale et solidaire au marché {cde}",
        "Animation : {act}",
    ),
    "festif": (
        "Fête de l'ESS {ca}",
        "Concert solidaire {ca}",
        "Repas partagé et débat : « {s} »",
        "Apéro coopératif {ca}",
        "Soirée jeux coopératifs {ca}",
        "Bal folk solidaire {ca}",
    ),
    "marche": (
        "Marché de producteurs locaux {ca}",
        "Marché de Noël solidaire {ca}",
        "Marché de l'ESS {cde}",
        "Marché du commerce équitable {ca}",
        "Gratuiterie et troc {ca}",
    ),
    "prevention": (
        "Opération de prévention : {prev}",
        "Journée de prévention sur {prev} {ca}",
        "Prévention santé : parlons-en {ca}",
    ),
    "concours": (
        "Concours de la jeune entreprise solidaire {dde}",
        "Trophées de l'ESS {rde}",
        "Concours d'idées : « {s} »",
        "Prix de l'initiative solidaire {cde}",
    ),
}

OPENINGS: dict[str, tuple[str, ...]] = {
    "debat": (
        "{org} organise une conférence-débat autour de la question : « {s} ».",
        "Élus, chercheurs et acteurs de terrain débattront {ca} : « {s} ».",
    ),
    "colloque": (
        "{org} réunit chercheurs, élus et acteurs de terrain pour une journée d'échanges et de réflexion.",
        "Ce colloque fait le point sur un sujet qui mobilise l'économie sociale et solidaire {rde}.",
    ),
    "forum": (
        "Venez rencontrer les structures de l'économie sociale et solidaire {dde} lors de ce forum.",
        "Stands, conférences flash et rencontres : le forum rassemble associations, "
        "coopératives et mutuelles du territoire.",
    ),
    "portes-ouvertes": (
        "{org} ouvre ses portes et présente ses activités, ses métiers et son fonctionnement.",
        "Visite guidée, rencontre avec l'équipe et les bénévoles : découvrez {place} de l'intérieur.",
    ),
    "projection": (
        "Projection du documentaire « {film} », suivie d'un échange avec des acteurs "
        "locaux de l'économie sociale.",
    ),
    "atelier": (
        "Un atelier pratique animé par l'équipe de {org}, pour apprendre en faisant.",
        "Petits groupes, matériel fourni : chacun repart avec des savoir-faire utiles au quotidien.",
    ),
    "information": (
        "Une session d'information pour tout comprendre : « {s} ».",
        "Des professionnels répondent à vos questions et présentent les dispositifs existants.",
    ),
    "animation": (
        "Stands, jeux et animations pour découvrir l'économie sociale et solidaire en famille.",
        "Une animation ouverte à tous, dans l'espace public, pour faire connaître les "
        "initiatives du territoire.",
    ),
    "festif": (
        "Un rendez-vous festif et convivial pour célébrer l'économie sociale et solidaire.",
        "Musique, repas partagé et rencontres : {org} vous invite à faire la fête autrement.",
    ),
    "marche": (
        "Producteurs locaux, artisans et structures de l'ESS vous accueillent sur leurs étals.",
        "Un marché pour acheter local, équitable et solidaire, à l'approche des fêtes.",
    ),
    "prevention": ("Une opération de prévention sur {prev}, avec des professionnels et des bénévoles.",),
    "concours": (
        "Ce concours récompense les initiatives les plus innovantes de l'économie "
        "sociale et solidaire du territoire.",
        "Les lauréats seront désignés par un jury d'acteurs de l'ESS et par le public.",
    ),
}

# (phrase, feminine) for summaries.
KIND_PHRASES = {
    "debat": ("une conférence-débat", True),
    "colloque": ("un colloque", False),
    "forum": ("un forum", False),
    "portes-ouvertes": ("une journée portes ouvertes", True),
    "projection": ("une projection-débat", True),
    "atelier": ("un atelier pratique", False),
    "information": ("une session d'information", True),
    "animation": ("une animation ouverte à tous", True),
    "festif": ("un rendez-vous festif", False),
    "marche": ("un marché solidaire", False),
    "prevention": ("une opération de prévention", True),
    "concours": ("un concours", False),
}

PRACTICAL = (
    "Entrée libre, dans la limite des places disponibles.",
    "Un temps convivial clôturera l'événement.",
    "Un pot de l'amitié sera offert à l'issue de l'événement.",
    "Les échanges se poursuivront autour d'un buffet de produits locaux.",
    "Le programme détaillé est disponible sur le site de l'organisateur.",
    "Garde d'enfants assurée sur place pendant l'événement.",
)
MONTH_SENTENCE = "Cet événement s'inscrit dans le Mois de l'économie sociale et solidaire {year}."

VENUES: dict[str, tuple[str, ...]] = {
    "projection": ("Cinéma {pn}", "Cinéma associatif {pn}", "Médiathèque {p}"),
    "marche": ("Halle du marché", "Place de la Mairie", "Parvis de l'hôtel de ville"),
    "colloque": (
        "Hôtel de région",
        "Université – amphithéâtre {letter}",
        "Centre de congrès",
        "Maison de l'économie sociale et solidaire",
    ),
    "": (
        "Salle des fêtes",
        "Médiathèque {p}",
        "Tiers-lieu {pn}",
        "Maison des associations",
        "Centre social {pn}",
        "Café associatif {pn}",
        "Espace culturel {p}",
        "Salle polyvalente",
        "Hôtel de ville – salle du conseil",
        "Locaux de la coopérative {pn}",
        "Fablab {pn}",
        "Maison de quartier {p}",
    ),
}

PRICES = (
    "5 € / gratuit pour les adhérents",
    "8 €, tarif réduit 5 €",
    "Repas partagé : 12 €",
    "15 € (déjeuner inclus)",
    "Adhésion annuelle de 2 € demandée",
    "Tarif solidaire de 3 € à 10 €",
    "30 € ; gratuit pour les étudiants et demandeurs d'emploi",
    "4 € la séance",
)
ACCESS_INFO = {
    "moteur": "Salle de plain-pied, accessible en fauteuil roulant.",
    "auditif": "Boucle magnétique et interprétation en langue des signes sur demande.",
    "visuel": "Documents disponibles en gros caractères ; chiens guides bienvenus.",
    "mental": "Animation adaptée, supports en facile à lire et à comprendre (FALC).",
    "psychique": "Espace calme à disposition, accueil par des bénévoles formés.",
}
FREE_COORGANISERS = (
    "Mairie {cde}",
    "Maison de l'emploi {cde}",
    "Lycée {p} {cde}",
    "Collectif citoyen {pn}",
    "Office de tourisme {cde}",
    "Centre social {pn}",
    "Médiathèque {cde}",
    "Conseil de quartier {pn}",
    "Université populaire {cde}",
)


def de_article(noun: str) -> str:
    """'la recyclerie' → 'de la recyclerie', 'le fablab' → 'du fablab'."""
    if noun.startswith("le "):
        return "du " + noun[3:]
    if noun.startswith("les "):
        return "des " + noun[4:]
    return "de " + noun


def clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–") + "…"


def title(rng: random.Random, kind: str, ctx: dict) -> str:
    pattern = rng.choice(TITLES[kind])
    if ":" in ctx["s"] and "« {s} »" not in pattern:  # no "Séminaire : Vivre : …"
        pattern = pattern.replace("{s}", "« {s} »")
    text = pattern.format(**ctx)
    return clip(text[:1].upper() + text[1:], 200)


def description(rng: random.Random, kind: str, ctx: dict, pitch: tuple[str, ...], extras: list[str]) -> str:
    sentences = [rng.choice(OPENINGS[kind]).format(**ctx), rng.choice(pitch)]
    if rng.random() < 0.6:
        sentences.append(rng.choice(PRACTICAL))
    sentences.extend(extras)
    if len(sentences) < 4 and rng.random() < 0.5:
        sentences.append(MONTH_SENTENCE.format(year=ctx["year"]))
    return " ".join(sentences[:4])


def summary(rng: random.Random, kind: str, org: str, where: str, topic: str) -> str:
    phrase, feminine = KIND_PHRASES[kind]
    if rng.random() < 0.5:
        text = f"{org} vous donne rendez-vous {where} pour {phrase} sur le thème « {topic} »."
    else:
        proposed = "proposée" if feminine else "proposé"
        text = f"{phrase[:1].upper()}{phrase[1:]} {where}, {proposed} par {org}, pour parler {de(topic)}."
    return clip(text, 300)


def venue(rng: random.Random, kind: str, org: str, place: str, short_name: str) -> str:
    """Where an in-person event takes place; open days happen at the place they show."""
    if kind == "portes-ouvertes":
        if rng.random() < 0.3:
            return clip(org, 200)
        noun = place.split("'", 1)[1] if place.startswith("l'") else place.split(" ", 1)[1]
        return clip(f"{noun[:1].upper()}{noun[1:]} {short_name}", 200)
    pattern = rng.choice(VENUES.get(kind, VENUES[""]) if rng.random() < 0.7 else VENUES[""])
    return pattern.format(pn=rng.choice(SHORT_NAMES), p=rng.choice(PERSONS), letter=rng.choice("ABCDE"))


def free_coorganiser(rng: random.Random, cde: str) -> str:
    return rng.choice(FREE_COORGANISERS).format(cde=cde, p=rng.choice(PERSONS), pn=rng.choice(SHORT_NAMES))
