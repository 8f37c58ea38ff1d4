"""What a person sees around the map controls on a phone and a desktop: the overseas view
buttons, the zoom buttons and the attribution never cover one another."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import VIEWPORTS

CONTROLS = (".map-views", ".leaflet-control-attribution", ".leaflet-control-zoom")


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("path", ["/evenements/?vue=carte", "/regions/"])
def test_map_controls_never_cover_one_another(page, live_server, size, path):
    page.set_viewport_size(VIEWPORTS[size])
    page.goto(live_server(path))
    boxes = {}
    for selector in CONTROLS:
        control = page.locator(selector).first
        expect(control).to_be_visible()
        boxes[selector] = control.bounding_box()
    for i, a in enumerate(CONTROLS):
        for b in CONTROLS[i + 1 :]:
            assert not _overlap(boxes[a], boxes[b]), (a, b, boxes[a], boxes[b])
