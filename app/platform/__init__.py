"""The platform under every feature (no routes, no templates of its own):

- database.py      engine settings per backend (SQLite WAL, BEGIN IMMEDIATE for requests that
                   write, lock errors), and the @writes marker for GET views that write;
- ratelimit.py     rate-limit storage shared by the processes of one server, without Redis;
- public_cache.py  the generation token of the cached public figures and pages;
- links.py         signed, expiring, one-time links sent by e-mail;
- cli.py           the `flask` commands (reference data, demo data, search index, translations).
"""
