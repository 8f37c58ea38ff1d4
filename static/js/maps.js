/* Mois de l'ESS maps (Leaflet, set up by app/maps/builder.py through MoisEssMap.setup):
 * French controls, a local background (départements, regions, towns) or configured tiles,
 * event markers named by their title whose popups load on demand, cluster bubbles sized
 * for their count, counts per region as links, and the overseas regions as one-click views.
 * No user-facing text here: it comes translated in the options' "labels" (app/maps/web.py). */
(function () {
  "use strict";

  // The page's maps share its language: the labels of the last map set up.
  var labels = {};
  var numberFormat = null;
  var STYLES = {
    departements: { color: "#8b98a5", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 },
    regions: { color: "#5b6b7a", weight: 1.6, fill: false }
  };

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  function setLabels(given) {
    labels = given || {};
    numberFormat = new Intl.NumberFormat(labels.locale || "fr");
  }

  /* As Babel writes it ("1\u202f435" in French; a browser test compares them). */
  function formatNumber(n) {
    return numberFormat ? numberFormat.format(n) : String(n);
  }

  function getJson(url) {
    return fetch(url).then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); });
  }

  function frenchControls(map) {
    L.control.zoom({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut }).addTo(map);
    if (map.attributionControl) {
      map.attributionControl.setPrefix("<a href=\"https://leafletjs.com/\">Leaflet</a>");
    }
  }

  /* Départements: land; those of other regions than the page's one shaded. */
  function departementStyle(region) {
    return function (feature) {
      var other = region && feature.properties.region !== region;
      return L.extend({}, STYLES.departements, other ? { fillColor: "#e2ded5" } : {});
    };
  }

  function drawGeo(map, url, style) {
    return getJson(url).then(function (geo) {
      L.geoJSON(geo, { interactive: false, style: style }).addTo(map);
    });
  }

  /* Town names: the largest first, each kept only if its label overlaps none kept before. */
  function townLayer(map, towns) {
    var layer = L.layerGroup().addTo(map);
    function redraw() {
      layer.clearLayers();
      var zoom = map.getZoom();
      var bounds = map.getBounds().pad(0.1);
      var placed = [];
      towns.forEach(function (t) {
        if (t[3] > zoom || !bounds.contains([t[1], t[2]])) { return; }
        var p = map.latLngToContainerPoint([t[1], t[2]]);
        var box = { x1: p.x - 4, y1: p.y - 8, x2: p.x + 8 + t[0].length * 6.6, y2: p.y + 8 };
        var clash = placed.some(function (b) {
          return box.x1 < b.x2 && box.x2 > b.x1 && box.y1 < b.y2 && box.y2 > b.y1;
        });
        if (clash) { return; }
        placed.push(box);
        var label = L.marker([t[1], t[2]], {
          pane: "towns", interactive: false, keyboard: false,
          icon: L.divIcon({ className: "map-town", iconSize: null, html: "<span>" + escapeHtml(t[0]) + "</span>" })
        }).addTo(layer);
        // A name, not a marker: ".leaflet-marker-icon" stays the events' (CSS positions it).
        label.getElement().classList.remove("leaflet-marker-icon");
      });
    }
    map.on("zoomend moveend", redraw);
    redraw();
  }

  function background(map, options) {
    if (options.tiles) {
      L.tileLayer(options.tiles.url, { attribution: options.tiles.attribution, maxZoom: options.tiles.maxZoom }).addTo(map);
      return;
    }
    var files = options.background || {};
    if (!files.departements || !window.fetch) { return; }
    map.getContainer().classList.add("map--offline");
    map.createPane("towns").style.zIndex = 450;
    map.getPane("towns").setAttribute("aria-hidden", "true");
    if (map.attributionControl) {
      map.attributionControl.addAttribution(escapeHtml(labels.background));
    }
    drawGeo(map, files.departements, departementStyle(options.region))
      .then(function () { return drawGeo(map, files.regions, STYLES.regions); })
      .catch(function () { /* the markers stay usable without the background */ });
    if (files.towns) {
      getJson(files.towns).then(function (towns) { townLayer(map, towns); }).catch(function () {});
    }
  }

  /* One-click views: mainland France and each overseas region that has something to show. */
  function overseasControl(map, home, views) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "map-views leaflet-bar");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", labels.views);
      var all = [{ name: labels.mainland, bounds: home }].concat(views);
      all.forEach(function (view) {
        var button = L.DomUtil.create("button", "map-views__button", box);
        button.type = "button";
        button.textContent = view.name;
        if (view.count) {
          var count = L.DomUtil.create("span", "map-views__count", button);
          count.textContent = " " + formatNumber(view.count);
        }
        L.DomEvent.on(button, "click", function (e) {
          L.DomEvent.stop(e);
          map.fitBounds(view.bounds, { animate: false });
        });
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  function countsLayer(map, counts) {
    counts.forEach(function (c) {
      var digits = String(c.count).length;
      var size = 34 + Math.max(0, digits - 2) * 9;
      var html = "<a class=\"map-count\" href=\"" + escapeHtml(c.url) + "\"><span aria-hidden=\"true\">" +
        formatNumber(c.count) + "</span><span class=\"visually-hidden\">" + escapeHtml(c.name + " : " + c.text) +
        "</span></a>";
      L.marker([c.lat, c.lon], {
        keyboard: false, title: c.name + " : " + c.text,
        icon: L.divIcon({ className: "map-count-icon", html: html, iconSize: [size, size] })
      }).addTo(map);
    });
  }

  function placeMarker(map, place) {
    L.marker([place.lat, place.lon], { title: place.title, alt: place.title, keyboard: false })
      .bindTooltip(escapeHtml(place.label || place.title), { permanent: true, direction: "right", offset: [10, -18], className: "map-place" })
      .addTo(map);
  }

  var popupUrls = {};

  /* The event's popup, bound on its first opening; its content comes from the popup URL. */
  function onEventClick(e) {
    if (e.type === "keypress" && e.originalEvent.keyCode !== 13) { return; }
    openEventPopup(e.target._map, e.target);
  }

  function openEventPopup(map, marker) {
    if (!map || marker.getPopup()) { return; }
    marker.bindPopup(escapeHtml(labels.loading), { maxWidth: 280 });
    marker.on("popupopen", function (e) {
      var url = (popupUrls[map._leaflet_id] || "").replace("{id}", String(marker.eventId));
      if (!url) { return; }
      fetch(url, { headers: { "HX-Request": "true" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { e.popup.setContent(html); })
        .catch(function () { e.popup.setContent(escapeHtml(labels.unavailable)); });
    });
    marker.openPopup();
  }

  window.MoisEssMap = {
    maps: [],
    setup: function (map, options) {
      options = options || {};
      setLabels(options.labels);
      window.MoisEssMap.maps.push(map);
      popupUrls[map._leaflet_id] = options.popupUrl || "";
      frenchControls(map);
      background(map, options);
      if (options.counts) { countsLayer(map, options.counts); }
      if (options.place) { placeMarker(map, options.place); }
      if (options.bounds) { map.fitBounds(options.bounds, { animate: false, maxZoom: 12 }); }
      if (options.overseas && options.overseas.length) {
        overseasControl(map, options.bounds || map.getBounds(), options.overseas);
      }
    },
    /* Clustered markers for [lat, lon, id, title] rows. Clustering all of them at once is
     * about twice as fast as markercluster's chunked loading (whose markers show only at
     * the end anyway); popups are bound on the first click, not 16,000 times up front. */
    eventCluster: function (map, rows) {
      var cluster = L.markerClusterGroup({
        showCoverageOnHover: false, iconCreateFunction: window.MoisEssMap.clusterIcon,
        disableClusteringAtZoom: 17
      });
      var markers = new Array(rows.length);
      for (var i = 0; i < rows.length; i++) { markers[i] = window.MoisEssMap.eventMarker(rows[i]); }
      cluster.addLayers(markers);
      cluster.addTo(map);
      return cluster;
    },
    eventMarker: function (row) {
      var title = row[3] || "";
      var marker = L.marker(new L.LatLng(row[0], row[1]), { keyboard: true, title: title, alt: title });
      marker.eventId = row[2];
      // Per marker (one shared function): Enter on a focused marker is a "keypress" of the
      // marker only, not of its cluster group.
      marker.on("click keypress", onEventClick);
      return marker;
    },
    /* A bubble wide enough for its count ("1 435"), read as "1 435 événements". */
    clusterIcon: function (cluster) {
      var n = cluster.getChildCount();
      var digits = String(n).length;
      var size = 40 + Math.max(0, digits - 2) * 10;
      var level = n < 10 ? "small" : n < 100 ? "medium" : "large";
      var text = formatNumber(n);
      var name = (n <= 1 ? labels.clusterOne : labels.clusterOther) || "{n}";  // the French plural rule
      return L.divIcon({
        html: "<div><span aria-hidden=\"true\">" + text + "</span><span class=\"visually-hidden\">" +
          escapeHtml(name.replace("{n}", text)) + "</span></div>",
        className: "marker-cluster marker-cluster-" + level + " marker-cluster--d" + Math.min(digits, 5),
        iconSize: new L.Point(size, size)
      });
    }
  };
})();
