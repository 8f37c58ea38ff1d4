"""Attachments: checked by content, size limits, and who may download them."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.extensions import db
from app.models import CandidacyAttachment, JuryAssignment
from app.prizes.candidacy import attachments, services
from tests import factories as f
from tests.helpers import body, csrf_token

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def setup(applicant, db):
    ed, org, member = applicant
    c = services.start(org, ed, member)
    db.session.commit()
    return ed, org, member, c


def _upload(client, c, data: bytes, name: str):
    path = f"/prix/candidature/{c.id}/pieces-jointes"
    token = csrf_token(client, path)
    return client.post(
        path, data={"csrf_token": token, "file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def _count():
    return db.session.scalar(select(func.count(CandidacyAttachment.id)))


def test_upload_download_delete(client, setup, app):
    ed, org, member, c = setup
    f.login(client, member)
    assert _upload(client, c, PDF, "présentation.pdf").status_code == 302
    assert _upload(client, c, _png(), "photo.png").status_code == 302
    page = body(client.get(f"/prix/candidature/{c.id}/pieces-jointes"))
    assert "présentation.pdf" in page and "photo.png" in page
    pdf = db.session.scalars(select(CandidacyAttachment).order_by(CandidacyAttachment.id)).first()
    assert pdf.content_type == "application/pdf" and pdf.stored_name.endswith(".pdf")
    assert "présentation" not in pdf.stored_name
    stored = attachments.folder() / pdf.stored_name
    assert stored.read_bytes() == PDF and "static" not in str(stored)
    response = client.get(f"/prix/candidature/{c.id}/pieces-jointes/{pdf.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    token = csrf_token(client, f"/prix/candidature/{c.id}/pieces-jointes")
    client.post(f"/prix/candidature/{c.id}/pieces-jointes/{pdf.id}/supprimer", data={"csrf_token": token})
    assert _count() == 1 and not stored.exists()


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"%PDF-1.4 but no end of file", "faux.pdf", "endommagé"),
        (b"MZ\x90\x00 executable", "virus.pdf", "Format refusé"),
        (b"<html>not an image</html>", "photo.jpg", "Format refusé"),
        (b"", "vide.pdf", "vide"),
    ],
)
def test_bad_files_refused(client, setup, data, name, message):
    ed, org, member, c = setup
    f.login(client, member)
    response = _upload(client, c, data, name)
    assert response.status_code == 422 and message in body(response)
    assert _count() == 0 and list(attachments.folder().iterdir()) == []


def test_size_limits(client, setup, monkeypatch):
    ed, org, member, c = setup
    f.login(client, member)
    big = PDF[:-7] + b"x" * (8 * 1024 * 1024) + b"\n%%EOF\n"
    response = _upload(client, c, big, "gros.pdf")
    assert response.status_code == 422 and "dépasse 8 Mo" in body(response)
    monkeypatch.setattr(attachments, "MAX_TOTAL_BYTES", len(PDF) * 2)
    assert _upload(client, c, PDF, "a.pdf").status_code == 302
    assert _upload(client, c, PDF, "b.pdf").status_code == 302
    response = _upload(client, c, PDF, "c.pdf")
    assert response.status_code == 422 and "25 Mo" in body(response)
    assert _count() == 2


def _uploaded_by_member(app, member, candidacy):
    """A member's browser that has uploaded a PDF to the candidacy, and the attachment."""
    client = app.test_client()
    f.login(client, member)
    _upload(client, candidacy, PDF, "dossier.pdf")
    return client, db.session.scalar(select(CandidacyAttachment))


def test_who_may_download(app, setup):
    ed, org, member, c = setup
    _client, a = _uploaded_by_member(app, member, c)
    url = f"/prix/candidature/{c.id}/pieces-jointes/{a.id}"
    other = f.user("autre@exemple.fr", organisations=(f.organisation("Autre"),))
    cress = f.user("cress@exemple.fr", moderates="bretagne")
    cress_other = f.user("cress-occ@exemple.fr", moderates="occitanie")
    admin = f.user("admin@exemple.fr", admin=True)
    juror = f.user("jury@exemple.fr", jury=True)
    juror_other = f.user("jury2@exemple.fr", jury=True)
    db.session.add_all(
        [
            JuryAssignment(edition_id=ed.id, user_id=juror.id, category="innovation"),
            JuryAssignment(edition_id=ed.id, user_id=juror_other.id, category="performance"),
        ]
    )
    db.session.commit()

    def status(u):
        cl = app.test_client()
        f.login(cl, u)
        return cl.get(url).status_code

    # a draft: only its members
    assert [status(u) for u in (other, cress, admin)] == [404, 404, 404]
    c.status, c.categories = "depose", ["innovation"]
    db.session.commit()
    assert status(cress) == 200 and status(admin) == 200
    assert status(cress_other) == 404 and status(other) == 404 and status(juror) == 404
    c.status = "retenu"
    db.session.commit()
    assert status(juror) == 200 and status(juror_other) == 404
    assert app.test_client().get(url).status_code == 302  # anonymous: login


def test_other_organisation_cannot_upload_or_delete(app, setup):
    ed, org, member, c = setup
    owner, a = _uploaded_by_member(app, member, c)
    intruder = app.test_client()
    f.login(intruder, f.user("autre@exemple.fr", organisations=(f.organisation("Autre"),)))
    token = csrf_token(intruder, "/prix/candidature/")
    assert intruder.get(f"/prix/candidature/{c.id}/pieces-jointes").status_code == 404
    response = intruder.post(
        f"/prix/candidature/{c.id}/pieces-jointes",
        data={"csrf_token": token, "file": (io.BytesIO(PDF), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 404
    response = intruder.post(
        f"/prix/candidature/{c.id}/pieces-jointes/{a.id}/supprimer", data={"csrf_token": token}
    )
    assert response.status_code == 404 and _count() == 1


def test_submitted_candidacy_attachments_are_read_only(client, setup):
    ed, org, member, c = setup
    f.login(client, member)
    _upload(client, c, PDF, "dossier.pdf")
    c.status = "depose"
    db.session.commit()
    token = csrf_token(client, "/prix/candidature/")
    response = client.post(
        f"/prix/candidature/{c.id}/pieces-jointes",
        data={"csrf_token": token, "file": (io.BytesIO(PDF), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403 and _count() == 1
    assert "Ajouter le fichier" not in body(client.get(f"/prix/candidature/{c.id}/pieces-jointes"))
