"""Folium maps rendered into our pages with local assets only (see builder)."""
