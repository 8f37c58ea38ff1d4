import pytest

from tests import factories as f


@pytest.fixture
def applicant(app, db):
    """An edition open for candidacies and a member of an organisation that may apply:
    (edition, organisation, member), not yet committed."""
    ed = f.candidacy_edition()
    org = f.organisation("Épicerie des Monts")
    member = f.user("membre@exemple.fr", organisations=(org,))
    return ed, org, member
