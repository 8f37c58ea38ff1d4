/*
 * Event form (organisers' space): picking a commune in the htmx suggestions fills the
 * postcode, commune, INSEE code and coordinates; a small Leaflet map lets the organiser
 * move the point. Without JavaScript the server resolves the typed commune itself.
 */
(function () {
  "use strict";

  var FRANCE = [46.6, 2.4];
  var map = null;
  var marker = null;
  var labels = {};  // translated text (app/maps/web.py), from the map's data-labels

  function byId(id) { return document.getElementById(id); }

  function setPoint(lat, lon, zoom) {
    byId("latitude").value = lat.toFixed(6);
    byId("longitude").value = lon.toFixed(6);
    if (!map) { return; }
    var point = L.latLng(lat, lon);
    if (marker) { marker.setLatLng(point); } else { marker = L.marker(point, { keyboard: false, title: labels.eventPlace, alt: labels.eventPlace }).addTo(map); }
    if (zoom) { map.setView(point, zoom); }
  }

  function setupMap() {
    var block = byId("pick-map-block");
    var canvas = byId("pick-map");
    if (!block || !canvas || !window.L) { return; }
    block.hidden = false;
    var lat = parseFloat(byId("latitude").value);
    var lon = parseFloat(byId("longitude").value);
    var known = !isNaN(lat) && !isNaN(lon);
    labels = JSON.parse(canvas.dataset.labels || "{}");
    map = L.map(canvas, { minZoom: 4, maxZoom: 18, zoomControl: false }).setView(known ? [lat, lon] : FRANCE, known ? 13 : 5);
    if (window.MoisEssMap) {
      var d = canvas.dataset;
      window.MoisEssMap.setup(map, {
        background: { departements: d.departements, regions: d.regions, towns: d.towns }, labels: labels
      });
    }
    if (known) { setPoint(lat, lon); }
    map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng); });
  }

  function clearPicked() {
    byId("insee").value = "";
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("#commune-suggestions .suggestion");
    if (!button) { return; }
    byId("commune").value = button.dataset.name;
    byId("postcode").value = button.dataset.postcode;
    byId("insee").value = button.dataset.insee;
    setPoint(parseFloat(button.dataset.lat), parseFloat(button.dataset.lon), 13);
    byId("commune-suggestions").innerHTML = "";
    byId("commune").focus();
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (!byId("event-form")) { return; }
    ["commune", "postcode"].forEach(function (id) {
      var input = byId(id);
      if (input) { input.addEventListener("input", clearPicked); }
    });
    setupMap();
  });
})();
