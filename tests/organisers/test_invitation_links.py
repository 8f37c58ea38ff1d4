"""Invitation links serve once, are found by their secret, and die with their organisation:
an organisation that later gets the same id (SQLite reuses the newest row's id) is never
joined through them."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import func, select

from app.extensions import db as _db
from app.models import Membership, Organisation
from app.organisers.services import organisations as services
from tests import factories as f
from tests.helpers import at_once, body, link_in, outbox


def _invite(app, org, inviter, email: str) -> str:
    with app.test_request_context():
        services.invite(org, inviter, email)
        _db.session.commit()  # mail leaves after the commit
    return link_in(outbox(email)[0], "/espace/invitation/")


def _members(db, org_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Membership.id)).where(Membership.organisation_id == org_id))


def test_invitation_serves_once(app, client, db):
    org = f.organisation("Coop du Lac")
    inviter = f.user("inviteur@exemple.fr", organisations=(org,))
    invited = f.user("invitee@exemple.fr")
    db.session.commit()
    link = _invite(app, org, inviter, "invitee@exemple.fr")
    db.session.commit()
    f.login(client, invited)
    assert client.get(link).status_code == 302
    assert _members(db, org.id) == 2
    # She leaves the organisation; the old invitation does not bring her back.
    db.session.execute(Membership.__table__.delete().where(Membership.user_id == invited.id))
    db.session.commit()
    again = client.get(link)
    assert again.status_code == 400
    assert "Cette invitation a déjà servi" in body(again)
    assert _members(db, org.id) == 1


def test_invitation_opened_from_another_account_stays_usable(app, client, db):
    org = f.organisation("Coop du Lac")
    inviter = f.user("inviteur@exemple.fr", organisations=(org,))
    stranger = f.user("autre@exemple.fr")
    invited = f.user("invitee@exemple.fr")
    db.session.commit()
    link = _invite(app, org, inviter, "invitee@exemple.fr")
    db.session.commit()
    f.login(client, stranger)
    refused = client.get(link)
    assert refused.status_code == 400 and "autre adresse" in body(refused)
    own = app.test_client()
    f.login(own, invited)
    assert own.get(link).status_code == 302
    assert _members(db, org.id) == 2


def test_invitation_does_not_open_an_organisation_that_got_the_same_id(app, client, db):
    """An organisation invites someone, then is deleted; a new organisation is created and
    gets the same id on SQLite. The old invitation must not make its holder a member of it."""
    f.organisation("Première")  # not the newest row: its id is not the one reused
    gone = f.organisation("Asso dissoute")
    inviter = f.user("inviteur@exemple.fr", organisations=(gone,))
    invited = f.user("invitee@exemple.fr")
    db.session.commit()
    gone_id = gone.id
    link = _invite(app, gone, inviter, "invitee@exemple.fr")
    db.session.commit()
    db.session.delete(db.session.get(Organisation, gone_id))
    db.session.commit()
    newcomer = f.organisation("Nouvelle coopérative")
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        assert newcomer.id == gone_id  # the id was handed out again: the scenario is real
    f.login(client, invited)
    response = client.get(link)
    assert response.status_code == 400
    assert "Ce lien d'invitation n'est pas valide." in body(response)
    assert _members(db, newcomer.id) == 0


def test_invitation_clicked_at_once_joins_once(app, db):
    org = f.organisation("Coop du Lac")
    inviter = f.user("inviteur@exemple.fr", organisations=(org,))
    invited = f.user("invitee@exemple.fr")
    db.session.commit()
    org_id, who = org.id, SimpleNamespace(email=invited.email)
    link = _invite(app, org, inviter, "invitee@exemple.fr")
    db.session.commit()
    db.session.remove()

    def click(c):
        f.login(c, who)
        return lambda: c.get(link)

    responses = at_once(app, [click for _ in range(4)])
    assert sorted(r.status_code for r in responses) == [302, 400, 400, 400]
    assert sum("Cette invitation a déjà servi" in body(r) for r in responses) == 3
    assert _members(db, org_id) == 2
