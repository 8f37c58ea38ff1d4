"""Image uploads (content checks, resizing) and the event life cycle table."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.events import workflow
from app.web import uploads
from tests import factories as f


def _png(w=3000, h=2000, color=(200, 30, 30)) -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), color).save(buf, "PNG")
    buf.seek(0)
    return buf


def test_image_is_resized_reencoded_and_served(app, client):
    stored = uploads.save_image(_png(), max_side=800)
    assert (stored.width, stored.height) == (800, 533)
    assert stored.name.endswith(".jpg") and len(stored.name) > 20
    response = client.get(f"/fichiers/{stored.name}")
    assert response.headers["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(response.data)).size == (800, 533)


@pytest.mark.parametrize(
    "payload,message",
    [
        (b"", "Le fichier est vide."),
        (b"%PDF-1.7 not an image", "n'est pas une image lisible"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "n'est pas une image lisible",
        ),
    ],
)
def test_non_images_are_refused_whatever_their_name(app, payload, message):
    with pytest.raises(uploads.UploadError) as exc:
        uploads.save_image(io.BytesIO(payload))
    assert message in str(exc.value)
    assert list(uploads.upload_dir().iterdir()) == []


def test_too_large_file_is_refused(app):
    with pytest.raises(uploads.UploadError) as exc:
        uploads.save_image(io.BytesIO(b"\x89PNG" + b"0" * 2000), max_bytes=1000)
    assert "taille maximale" in str(exc.value)


def test_uploaded_file_route_refuses_paths(client):
    assert client.get("/fichiers/..%2Fconfig.py").status_code == 404
    assert client.get("/fichiers/inconnu.jpg").status_code == 404


def test_workflow_records_every_transition(app, db):
    ed = f.edition()
    ev = f.event(ed, status="brouillon")
    moderator = f.user(moderates="bretagne")
    workflow.apply(ev, "submit", None)
    assert ev.status == "soumis" and ev.submitted_at is not None
    with pytest.raises(workflow.TransitionError) as exc:
        workflow.apply(ev, "refuse", moderator, message="  ")
    assert "Indiquez un message" in str(exc.value)
    assert ev.status == "soumis"
    workflow.apply(ev, "request_changes", moderator, message="Précisez l'adresse.")
    workflow.apply(ev, "submit", None)
    workflow.apply(ev, "publish", moderator)
    assert ev.status == "publie" and ev.published_at is not None
    with pytest.raises(workflow.TransitionError):
        workflow.apply(ev, "submit", None)
    steps = [(d.action, d.from_status, d.to_status) for d in workflow.history(ev)]
    assert steps == [
        ("submit", "brouillon", "soumis"),
        ("request_changes", "soumis", "a-modifier"),
        ("submit", "a-modifier", "soumis"),
        ("publish", "soumis", "publie"),
    ]
    assert workflow.history(ev)[1].message == "Précisez l'adresse."
    assert workflow.history(ev)[1].user_id == moderator.id
