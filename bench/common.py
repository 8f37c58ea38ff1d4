"""Shared setup for benchmarks: a SQLite database with N demo events, built once and reused."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402


def bench_app(events: int = 20_000, seed: int = 7):
    path = Path(os.environ.get("BENCH_DB", ROOT / "instance" / f"bench-{events}.sqlite"))
    app = create_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}",
                     CACHE_TYPE="NullCache", RATELIMIT_ENABLED=False)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        from app.models import Event

        current = db.session.scalar(select(func.count(Event.id)))
        if current < events:
            from app.demo.generator import generate
            from app.reference import loader

            started = time.perf_counter()
            loader.load_all()
            generate(events=events, seed=seed)
            db.session.commit()
            print(f"demo data: {events} events generated in {time.perf_counter() - started:.1f} s")
    return app


def summary(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (f"{label:<45} n={len(samples):>4}  median={statistics.median(ordered) * 1000:7.1f} ms"
            f"  p95={p95 * 1000:7.1f} ms  max={ordered[-1] * 1000:7.1f} ms")
