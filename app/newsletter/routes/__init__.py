"""Request handlers of the newsletter (/newsletter/): subscription.py (subscribe, confirm,
unsubscribe, export of the subscribers), issues.py (issues written, previewed, tested and
sent by the national team and the CRESS). The rules are in services.py, issues.py,
sending.py and workflow.py."""

from app.newsletter.routes import issues, subscription  # noqa: F401
