/* Mois de l'ESS maps: local background, event markers whose popups load on demand. */
(function () {
  "use strict";
  var settings = {};

  function loadBackground(map, url) {
    if (!url || !window.fetch) { return; }
    fetch(url).then(function (r) { return r.json(); }).then(function (geo) {
      var layer = L.geoJSON(geo, {
        interactive: false,
        style: { color: "#7a8a99", weight: 1, fillColor: "#e8eef3", fillOpacity: 1 }
      });
      layer.addTo(map);
      layer.bringToBack();
    }).catch(function () { /* the markers stay usable without the background */ });
  }

  window.MoisEssMap = {
    setup: function (map, options) {
      settings = options || {};
      map.getContainer().style.background = "#c9dbe8";
      loadBackground(map, settings.background);
    },
    eventMarker: function (row) {
      var marker = L.marker(new L.LatLng(row[0], row[1]), { keyboard: true, title: "" });
      marker.bindPopup("Chargement…", { maxWidth: 280 });
      marker.on("popupopen", function (e) {
        var url = (settings.popupUrl || "").replace("{id}", String(row[2]));
        if (!url) { return; }
        fetch(url, { headers: { "HX-Request": "true" } })
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) { e.popup.setContent(html); })
          .catch(function () { e.popup.setContent("Détails indisponibles."); });
      });
      return marker;
    }
  };
})();
