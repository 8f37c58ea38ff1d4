"""Helpers of the vote tests: an open vote window, nominees, solving the page's challenges."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from datetime import timedelta

from app.common.time import utcnow
from app.extensions import db
from app.models import Nominee
from tests import factories as f

WORDS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]


def open_vote(n: int = 3, *, open_delta=timedelta(hours=-1), close_delta=timedelta(hours=1)):
    edition = f.edition()
    now = utcnow()
    edition.vote_open, edition.vote_close = now + open_delta, now + close_delta
    regions = ["bretagne", "occitanie", "normandie"]
    nominees = [
        Nominee(
            edition_id=edition.id,
            name=f"Initiative {i}",
            slug=f"initiative-{i}",
            region_id=f.region(regions[i % 3]).id,
            commune="Rennes",
            summary=f"Résumé {i}",
        )
        for i in range(1, n + 1)
    ]
    db.session.add_all(nominees)
    db.session.commit()
    return edition, nominees


def pending_links(edition, nominees, count: int) -> list[str]:
    """Confirmation links of `count` pending votes of distinct people (committed)."""
    from app.prizes.vote import services

    now = utcnow()
    tokens = [
        services.new_pending(
            edition.id, nominees[i % len(nominees)].id, f"votant{i}@exemple.fr", "exemple.fr", now
        )
        for i in range(count)
    ]
    db.session.commit()
    return [f"/prix/vote/confirmer/{token}" for token in tokens]


def page_fields(page: str) -> dict:
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    qtoken = re.search(r'name="question_token"[^>]*value="([^"]+)"', page)
    if qtoken is None:
        qtoken = re.search(r'value="([^"]+)"[^>]*name="question_token"', page)
    pow_data = json.loads(html.unescape(re.search(r"data-pow='([^']+)'", page).group(1)))
    question = re.search(r"Combien font (\S+) plus (\S+) \?", html.unescape(page))
    return {
        "csrf_token": token,
        "question_token": qtoken.group(1),
        "pow_data": pow_data,
        "answer": str(WORDS.index(question.group(1)) + WORDS.index(question.group(2))),
    }


def solve_pow(data: dict, number: int | None = None) -> str:
    if number is None:
        number = next(
            n
            for n in range(data["maxnumber"] + 1)
            if hashlib.sha256(f"{data['salt']}{n}".encode()).hexdigest() == data["challenge"]
        )
    payload = {
        "algorithm": "SHA-256",
        "challenge": data["challenge"],
        "number": number,
        "salt": data["salt"],
        "signature": data["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


def vote(client, email: str, nominee: str = "initiative-1", *, by: str = "pow", **extra):
    fields = page_fields(client.get("/prix/vote/").get_data(as_text=True))
    data = {
        "csrf_token": fields["csrf_token"],
        "question_token": fields["question_token"],
        "nominee": nominee,
        "email": email,
        "website": "",
        "answer": "",
        "pow": "",
    }
    if by == "pow":
        data["pow"] = solve_pow(fields["pow_data"])
    else:
        data["answer"] = fields["answer"]
    data.update(extra)
    return client.post("/prix/vote/", data=data)


def answered_question_form(client) -> dict:
    """The vote form's fields with the no-JavaScript question answered (no e-mail yet)."""
    fields = page_fields(client.get("/prix/vote/").get_data(as_text=True))
    return {
        "csrf_token": fields["csrf_token"],
        "question_token": fields["question_token"],
        "nominee": "initiative-1",
        "website": "",
        "answer": fields["answer"],
        "pow": "",
    }
