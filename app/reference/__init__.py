"""Reference data (themes, regions, départements): catalog.py and geography.py (the lists),
loader.py (idempotent loading), lookup.py (read once per request)."""
