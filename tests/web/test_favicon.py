"""The site's icon: /favicon.ico answers (browsers ask for it whatever the page says) and every
page links the SVG icon with a PNG fallback, all served from static/."""

from __future__ import annotations

import re


def test_favicon_ico_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # the ICO header


def test_pages_link_svg_and_png_icons_that_exist(client):
    html = client.get("/").get_data(as_text=True)
    links = dict(
        (m.group(2), m.group(1)) for m in re.finditer(r'<link rel="icon" href="([^"]+)" type="([^"]+)"', html)
    )
    assert set(links) == {"image/svg+xml", "image/png"}
    svg = client.get(links["image/svg+xml"])
    assert svg.status_code == 200 and b"<svg" in svg.data
    png = client.get(links["image/png"])
    assert png.status_code == 200 and png.data[:8] == b"\x89PNG\r\n\x1a\n"
