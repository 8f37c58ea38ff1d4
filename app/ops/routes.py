from flask import jsonify

from app.extensions import limiter
from app.ops import bp, health


@bp.get("/healthz")
@limiter.exempt
def healthz():
    report = health.check()
    response = jsonify(report)
    response.status_code = 200 if report["status"] == "ok" else 503
    response.headers["Cache-Control"] = "no-store"
    return response
