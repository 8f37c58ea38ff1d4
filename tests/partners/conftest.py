from tests.admin.conftest import admin_client  # noqa: F401
