"""Rules of the organisers' space (plain arguments, flush() but never commit):
organisations.py (organisations, members, invitations, the dashboard), events.py (create,
edit, submit, duplicate, cancel an event) and places.py (commune and local times of an event)."""
