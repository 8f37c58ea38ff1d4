"""Offline geography helpers (gazetteer of French communes)."""
