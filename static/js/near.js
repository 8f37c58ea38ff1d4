/*
 * Le Mois de l'ESS — search page, "Près de chez moi".
 *
 * - Picking a commune among the suggestions (htmx, /evenements/lieux) writes its label
 *   ("Rennes (35000)") into the field and runs the search; typing alone does not search until
 *   a commune is picked or the form is submitted (Enter), so half-typed names are not sent.
 * - "Autour de moi" (hidden without JavaScript or geolocation) asks the browser for the
 *   visitor's position; if allowed, it fills lat/lon (3 decimals, about 100 m) instead of a
 *   commune and runs the search; if refused, it says so (French texts from data-* attributes).
 * Without JavaScript, the field is a plain form field: the server reads a postcode or a name.
 */
(function () {
  "use strict";

  function byId(id) { return document.getElementById(id); }

  function search() {
    var form = byId("search-form");
    if (form && window.htmx) {
      window.htmx.trigger(form, "submit");
    } else if (form) {
      form.submit();
    }
  }

  function setPosition(lat, lon) {
    byId("f-lat").value = lat;
    byId("f-lon").value = lon;
  }

  function pick(link) {
    var field = byId("f-pres");
    field.value = link.getAttribute("data-label");
    setPosition("", "");
    byId("pres-suggestions").innerHTML = "";
    byId("near-me-status").textContent = "";
    search();
  }

  function locate(button) {
    var status = byId("near-me-status");
    status.textContent = button.getAttribute("data-pending");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        setPosition(position.coords.latitude.toFixed(3), position.coords.longitude.toFixed(3));
        byId("f-pres").value = "";
        status.textContent = button.getAttribute("data-found");
        search();
      },
      function (error) {
        status.textContent = button.getAttribute(error.code === 1 ? "data-refused" : "data-failed");
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 0 }
    );
  }

  function setup() {
    var field = byId("f-pres");
    if (!field) { return; }
    var button = byId("near-me");
    if (button && navigator.geolocation) {
      button.hidden = false;
      button.addEventListener("click", function () { locate(button); });
    }
    // The form searches on "change": not for the half-typed place (an emptied field does).
    field.addEventListener("change", function (e) {
      if (field.value.trim() !== "") { e.stopPropagation(); }
    });
    field.addEventListener("input", function () { setPosition("", ""); });
    if (window.location.hash === "#pres") {  // "Près de chez moi" from the home page
      var disclosure = byId("filters-disclosure");  // folded on phones
      if (disclosure) { disclosure.open = true; }
      // After the browser has scrolled to the fragment (which moves the focus start point).
      window.addEventListener("load", function () { field.focus(); });
    }
    var suggestions = byId("pres-suggestions");
    // mousedown would move the focus out of the field first: keep it, the click picks.
    suggestions.addEventListener("mousedown", function (e) {
      if (e.target.closest(".place-suggestion")) { e.preventDefault(); }
    });
    suggestions.addEventListener("click", function (e) {
      var link = e.target.closest(".place-suggestion");
      if (link) {
        e.preventDefault();
        pick(link);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", setup);
})();
