"""Folium maps rendered into our pages with local assets only: builder.py (the map),
web.py (settings taken from the application). No routes: pages that show a map own them."""
