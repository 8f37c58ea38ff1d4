"""Routes of the jury blueprint: jurors.py (the jurors' space, /jury/) and admin.py (the
national administration of the Prix ESS, /jury/admin/)."""
