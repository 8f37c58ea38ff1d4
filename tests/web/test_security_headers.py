"""Security headers (app.web.security): a Content-Security-Policy with a fresh nonce on every
kind of response, the same nonce on every inline <script>/<style> of the page, and the other
headers (Permissions-Policy, nosniff, Referrer-Policy, framing)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from app.extensions import db as _db
from app.web.security import embeddable
from tests import factories as f

NONCE = re.compile(r"script-src 'nonce-([A-Za-z0-9_-]{16,})' 'self'")


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def header_nonce(response) -> str:
    match = NONCE.search(response.headers["Content-Security-Policy"])
    assert match, response.headers["Content-Security-Policy"]
    return match.group(1)


class _InlineTags(HTMLParser):
    """Every inline <script>/<style> (no src) with its nonce attribute, and every on*= handler."""

    def __init__(self):
        super().__init__()
        self.inline: list[tuple[str, str | None]] = []
        self.handlers: list[str] = []
        self.htmx_config = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style") and not attrs.get("src"):
            self.inline.append((tag, attrs.get("nonce")))
        self.handlers += [f"{tag} {name}" for name in attrs if name.startswith(("on", "hx-on"))]
        if tag == "meta" and attrs.get("name") == "htmx-config":
            self.htmx_config = attrs.get("content", "")


def inline_tags(response) -> _InlineTags:
    parser = _InlineTags()
    parser.feed(response.get_data(as_text=True))
    return parser


def assert_strict(response) -> str:
    """The policy of `response` is the strict one; returns its nonce."""
    p = policy(response)
    nonce = header_nonce(response)
    assert "unsafe-inline" not in p["script-src"] and "unsafe-eval" not in p["script-src"]
    assert "unsafe" not in p["style-src"] and f"'nonce-{nonce}'" in p["style-src"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert p["default-src"] == "'self'" and p["object-src"] == "'none'"
    assert p["base-uri"] == "'none'" and p["form-action"] == "'self'"
    assert p["frame-ancestors"] == "'self'" and p["connect-src"] == "'self'"
    assert p["img-src"] == "'self' data:"
    return nonce


@pytest.fixture()
def seeded(db):
    ed = f.edition()
    event = f.event(ed, "Forum de l'emploi solidaire", theme_slug="travailler")
    db.session.commit()
    return event


def test_every_kind_of_response_carries_the_policy_with_its_own_nonce(client, seeded):
    event_path = f"/evenements/{seeded.id}-{seeded.slug}"
    responses = {
        "page": client.get(event_path),
        "fragment": client.get("/evenements/?q=forum", headers={"HX-Request": "true"}),
        "404": client.get("/evenements/999999-inconnu"),
        "static": client.get("/static/css/site.css"),
        "json": client.get("/bilan/2026.json"),
        "csv": client.get("/bilan/2026/donnees/regions.csv"),
        "pdf": client.get("/bilan/2026.pdf"),
        "400": client.post("/compte/deconnexion"),  # no CSRF token
    }
    statuses = {kind: r.status_code for kind, r in responses.items()}
    assert statuses == {
        "page": 200,
        "fragment": 200,
        "404": 404,
        "static": 200,
        "json": 200,
        "csv": 200,
        "pdf": 200,
        "400": 400,
    }
    assert responses["pdf"].mimetype == "application/pdf"
    assert "<html" not in responses["fragment"].get_data(as_text=True)
    nonces = [assert_strict(r) for r in responses.values()]
    assert len(set(nonces)) == len(nonces), "a nonce was reused"
    for kind, r in responses.items():
        assert r.headers["X-Content-Type-Options"] == "nosniff", kind
        assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", kind
        assert r.headers["X-Frame-Options"] == "SAMEORIGIN", kind
        permissions = r.headers["Permissions-Policy"]
        for feature in (
            "camera=()",
            "microphone=()",
            "geolocation=(self)",
            "payment=()",
            "usb=()",
            "browsing-topics=()",
        ):
            assert feature in permissions, (kind, feature)


def _representative_pages(seeded) -> list[str]:
    return [
        "/",
        "/evenements/",
        "/evenements/?q=forum&vue=carte",
        f"/evenements/{seeded.id}-{seeded.slug}",
        "/regions/",
        "/regions/bretagne",
        "/thematiques/",
        "/thematiques/travailler",
        "/bilan/2026/",
        "/prix/",
        "/compte/connexion",
        "/evenements/999999-inconnu",
    ]


def test_every_inline_script_and_style_carries_the_nonce_of_its_response(client, seeded):
    maps = 0
    for path in _representative_pages(seeded):
        response = client.get(path)
        nonce = assert_strict(response)
        tags = inline_tags(response)
        assert [n for _, n in tags.inline] == [nonce] * len(tags.inline), path
        assert tags.handlers == [], (path, tags.handlers)
        # htmx: no eval, no injected indicator <style>, and the nonce for swapped scripts.
        assert '"allowEval": false' in tags.htmx_config, path
        assert '"includeIndicatorStyles": false' in tags.htmx_config, path
        assert f'"inlineScriptNonce": "{nonce}"' in tags.htmx_config, path
        maps += response.get_data(as_text=True).count('class="folium-map"')
    assert maps >= 4  # search map view, event page, /regions/, /regions/bretagne


def test_the_map_script_in_an_htmx_fragment_carries_the_fragment_nonce(client, seeded):
    response = client.get("/evenements/?q=forum&vue=carte", headers={"HX-Request": "true"})
    nonce = assert_strict(response)
    tags = inline_tags(response)
    assert "folium-map" in response.get_data(as_text=True)
    assert ("script", nonce) in tags.inline
    assert all(n == nonce for _, n in tags.inline)


def test_admin_pages_carry_the_nonce_on_their_inline_tags(client, db):
    admin = f.user(admin=True)
    f.edition()
    db.session.commit()
    f.login(client, admin)
    for path in ("/admin/", "/admin/thematiques/", "/admin/utilisateurs/"):
        response = client.get(path)
        assert response.status_code == 200, path
        nonce = assert_strict(response)
        tags = inline_tags(response)
        assert all(n == nonce for _, n in tags.inline), path
        assert tags.handlers == [], (path, tags.handlers)


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "fragment"])
def test_each_response_of_a_cached_page_gets_a_fresh_nonce_matching_its_header(cached_app, headers):
    ed = f.edition()
    f.event(ed, "Forum de l'emploi solidaire", theme_slug="travailler")
    _db.session.commit()
    path = "/evenements/?q=forum&vue=carte"  # a map: an inline script to protect
    responses = [cached_app.test_client().get(path, headers=headers) for _ in range(3)]
    assert [r.headers["X-Page-Cache"] for r in responses] == ["miss", "hit", "hit"]
    nonces = []
    for r in responses:
        nonce = assert_strict(r)
        tags = inline_tags(r)
        assert tags.inline and [n for _, n in tags.inline] == [nonce] * len(tags.inline)
        assert "__page-cache-csp-nonce__" not in r.get_data(as_text=True)
        if not headers:
            assert f'"inlineScriptNonce": "{nonce}"' in tags.htmx_config
        nonces.append(nonce)
    assert len(set(nonces)) == 3
    # Apart from the nonce (and the visitor's CSRF token), the cached page is the same page.
    texts = []
    for r, nonce in zip(responses, nonces, strict=True):
        text = r.get_data(as_text=True).replace(nonce, "")
        token = re.search(r'"X-CSRFToken": "([^"]+)"', text) if not headers else None
        texts.append(text.replace(token.group(1), "") if token else text)
    assert texts[1] == texts[0] and texts[2] == texts[0]


def test_an_embeddable_view_may_be_framed_by_other_sites(app, client):
    @app.get("/essai-widget")
    @embeddable
    def widget():
        return "<p>widget</p>"

    app.config["EMBED_FRAME_ANCESTORS"] = "https://partenaire.example"
    framed = client.get("/essai-widget")
    assert policy(framed)["frame-ancestors"] == "https://partenaire.example"
    assert "X-Frame-Options" not in framed.headers
    assert f"'nonce-{header_nonce(framed)}'" in policy(framed)["script-src"]
    other = client.get("/")
    assert policy(other)["frame-ancestors"] == "'self'"
    assert other.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_configured_map_tiles_are_allowed_as_images_only(app, client):
    app.config["MAP_TILES_URL"] = "https://tiles.example.org/{z}/{x}/{y}.png"
    p = policy(client.get("/"))
    assert p["img-src"] == "'self' data: https://tiles.example.org"
    assert p["connect-src"] == "'self'" and p["default-src"] == "'self'"


def test_every_inline_script_and_style_of_the_templates_has_the_nonce(app):
    """Templates not rendered by the test above are held to the rule too (e-mails aside: no
    browser policy applies to them). Inline event handlers would be refused: none allowed."""
    from pathlib import Path

    root = Path(
        app.template_folder
        if Path(app.template_folder).is_absolute()
        else Path(app.root_path) / app.template_folder
    ).resolve()
    tag = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)
    handler = re.compile(r"""\s(on[a-z]+|hx-on[:a-z-]*)\s*=\s*["']""", re.IGNORECASE)
    missing, handlers, checked = [], [], 0
    for path in sorted(root.rglob("*.html")):
        if "mail" in path.relative_to(root).parts:
            continue
        text = path.read_text(encoding="utf-8")
        for match in tag.finditer(text):
            checked += 1
            attrs = match.group(2)
            if "src=" not in attrs and 'nonce="{{ csp_nonce() }}"' not in attrs:
                missing.append(f"{path.relative_to(root)}: {match.group(0)}")
        handlers += [f"{path.relative_to(root)}: {m.group(1)}" for m in handler.finditer(text)]
    assert checked >= 5
    assert missing == []
    assert handlers == []


def test_nonces_are_distinct_128_bit_values_even_across_a_fork():
    import os
    import re

    from app.web.security import new_nonce

    drawn = [new_nonce() for _ in range(2000)]  # several refills of the 4 KiB buffer
    assert len(set(drawn)) == len(drawn)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", n) for n in drawn)
    new_nonce()  # the buffer holds bytes not yet handed out when the worker forks
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a gunicorn worker forked from the preloaded app
        os.write(write, " ".join(new_nonce() for _ in range(50)).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    child = set(os.read(read, 65536).decode().split())
    parent = {new_nonce() for _ in range(50)}
    assert len(child) == 50 and not child & parent
