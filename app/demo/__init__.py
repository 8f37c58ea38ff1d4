"""Realistic, reproducible demo data: editions, organisations and events (`flask demo-data`)."""
