"""The local stack's nginx (scripts/nginx-local.conf, as deploy/nginx.conf) serves the maps'
background files as GeoJSON, compressed. Runs where nginx is installed (`make stack-deps`)."""

from __future__ import annotations

import getpass
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import free_port

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make stack-deps)")


@pytest.fixture()
def nginx(tmp_path):
    port = free_port()
    conf = (ROOT / "scripts/nginx-local.conf").read_text()
    for name, value in {
        "@USER@": getpass.getuser(),
        "@PORT@": str(port),
        "@APP1@": str(free_port()),
        "@APP2@": str(free_port()),
        "@STATIC@": f"{ROOT}/static/",
        "@DIR@": str(tmp_path),
    }.items():
        conf = conf.replace(name, value)
    (tmp_path / "nginx.conf").write_text(conf)
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/static/css/site.css", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(5)


def test_map_backgrounds_are_served_as_compressed_geojson(nginx):
    request = urllib.request.Request(
        nginx + "/static/geo/fond-departements.geojson", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.headers["Content-Type"] == "application/geo+json"
        assert response.headers["Content-Encoding"] == "gzip"
    with urllib.request.urlopen(nginx + "/static/css/site.css", timeout=5) as response:
        assert response.headers["Content-Type"] == "text/css"
