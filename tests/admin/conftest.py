import pytest

from tests import factories as f


@pytest.fixture()
def admin_client(client, db):
    admin = f.user("admin@exemple.fr", admin=True, name="Admin National")
    db.session.commit()
    f.login(client, admin)
    client.admin = admin
    return client
