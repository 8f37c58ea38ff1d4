"""Where and when an event takes place: the commune from the gazetteer (with its
département, region and coordinates) and local date-times converted to UTC."""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from app.common.text import match_key
from app.extensions import db
from app.geo import gazetteer
from app.models import Region

# A pin moved on the map further than this from the commune is ignored (stale or absurd).
MAX_PIN_DISTANCE_KM = 30.0


@dataclass(frozen=True)
class Place:
    insee: str
    name: str
    postcode: str
    departement_code: str
    region: Region
    latitude: float
    longitude: float


class PlaceError(ValueError):
    """`field` is the form field the French message belongs to (postcode or commune)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def region_by_code(code: str | None) -> Region | None:
    if not code:
        return None
    return db.session.scalar(select(Region).where(Region.code == code))


def _place(commune: gazetteer.Commune, postcode: str) -> Place:
    region = region_by_code(gazetteer.region_for_departement(commune.dept) or commune.region)
    if region is None:
        raise PlaceError("commune", _("Cette commune n'appartient à aucune région du Mois de l'ESS."))
    return Place(
        insee=commune.insee,
        name=commune.name,
        postcode=postcode,
        departement_code=commune.dept,
        region=region,
        latitude=commune.lat,
        longitude=commune.lon,
    )


def _names(communes) -> str:
    return ", ".join(c.name for c in communes[:8])


def resolve(postcode: str, name: str, insee: str = "") -> Place:
    """The commune typed (postcode + name) or picked in the autocomplete (INSEE code).
    Raises PlaceError with a French message when it is unknown or ambiguous."""
    postcode = (postcode or "").strip().replace(" ", "")
    name = (name or "").strip()
    picked = gazetteer.by_insee(insee) if insee else None
    if (
        picked is not None
        and (not postcode or postcode in picked.postcodes)
        and (not name or match_key(name) == match_key(picked.name))
    ):
        return _place(picked, postcode or picked.postcodes[0])
    if not postcode:
        if not name:
            raise PlaceError("commune", _("Indiquez la commune et son code postal."))
        same = [c for c in gazetteer.search(name, limit=50) if match_key(c.name) == match_key(name)]
        if len(same) == 1:
            return _place(same[0], same[0].postcodes[0])
        if same:
            raise PlaceError("postcode", _("Plusieurs communes portent ce nom : indiquez le code postal."))
        raise PlaceError(
            "commune", _("Commune inconnue : vérifiez l'orthographe ou indiquez le code postal.")
        )
    candidates = gazetteer.communes_for_postcode(postcode)
    if not candidates:
        raise PlaceError("postcode", _("Code postal inconnu : vérifiez-le (5 chiffres, par exemple 35000)."))
    if not name:
        if len(candidates) == 1:
            return _place(candidates[0], postcode)
        raise PlaceError(
            "commune",
            _(
                "Plusieurs communes ont ce code postal : précisez la commune (%(names)s).",
                names=_names(candidates),
            ),
        )
    key = match_key(name)
    exact = [c for c in candidates if match_key(c.name) == key]
    if len(exact) == 1:
        return _place(exact[0], postcode)
    if len(exact) > 1:
        raise PlaceError(
            "commune",
            _("Plusieurs communes de ce nom ont ce code postal : choisissez-la dans la liste proposée."),
        )
    found = gazetteer.find(name, postcode)
    if found is not None and found in candidates and match_key(found.name).startswith(key[:3]):
        return _place(found, postcode)
    raise PlaceError(
        "commune",
        _(
            "Commune inconnue pour le code postal %(postcode)s (communes possibles : %(names)s).",
            postcode=postcode,
            names=_names(candidates),
        ),
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(min(1.0, a)))


def coordinates(place: Place, lat: float | None, lon: float | None) -> tuple[float, float]:
    """The pin placed on the map if it is near the commune, else the commune's point."""
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return place.latitude, place.longitude
    if distance_km(lat, lon, place.latitude, place.longitude) > MAX_PIN_DISTANCE_KM:
        return place.latitude, place.longitude
    return round(lat, 6), round(lon, 6)
