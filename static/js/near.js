/*
 * Le Mois de l'ESS — place fields: the search's "Près de chez moi" and the widget generator's
 * commune (templates/macros/search.html, place_input).
 *
 * - Picking a commune among the suggestions (htmx, /evenements/lieux) writes its label
 *   ("Rennes (35000)") into the field and submits the field's form (the search, the widget's
 *   preview); typing alone does not, until a commune is picked or the form is submitted
 *   (Enter), so half-typed names are not sent. An emptied field updates the form as usual.
 * - "Autour de moi" (search page; hidden without JavaScript or geolocation) asks the browser
 *   for the visitor's position; if allowed, it fills lat/lon (3 decimals, about 100 m) instead
 *   of a commune and runs the search; if refused, it says so (French texts from data-*).
 * Without JavaScript, the field is a plain form field: the server reads a postcode or a name.
 */
(function () {
  "use strict";

  function byId(id) { return document.getElementById(id); }

  function submit(form) {
    if (form && window.htmx) {
      window.htmx.trigger(form, "submit");
    } else if (form) {
      form.submit();
    }
  }

  function setupPlaceField(field) {
    var suggestions = byId(field.getAttribute("data-place-suggestions"));
    if (!suggestions) { return; }
    // The forms update on "change" (search) or "input" (widget generator): not for a
    // half-typed place (an emptied field does).
    ["change", "input"].forEach(function (type) {
      field.addEventListener(type, function (e) {
        if (field.value.trim() !== "") { e.stopPropagation(); }
      });
    });
    // An emptied field starts the generator's delayed update; if the visitor types again
    // before it fires, the update would send the half-typed name: it is not sent.
    if (field.form) {
      field.form.addEventListener("htmx:confirm", function (e) {
        var cause = e.detail.triggeringEvent;  // the field's own suggestions bubble here too
        if (e.target === field.form && cause && cause.target === field && field.value.trim() !== "") {
          e.preventDefault();
        }
      });
    }
    // mousedown would move the focus out of the field first: keep it, the click picks.
    suggestions.addEventListener("mousedown", function (e) {
      if (e.target.closest(".place-suggestion")) { e.preventDefault(); }
    });
    suggestions.addEventListener("click", function (e) {
      var link = e.target.closest(".place-suggestion");
      if (!link) { return; }
      e.preventDefault();
      field.value = link.getAttribute("data-label");
      suggestions.innerHTML = "";
      field.focus();  // a keyboard user was on the link, which is gone
      field.dispatchEvent(new CustomEvent("place-picked"));
      submit(field.form);
    });
  }

  // The search page: the place and the position exclude each other.
  function setPosition(lat, lon) {
    byId("f-lat").value = lat;
    byId("f-lon").value = lon;
  }

  function locate(button) {
    var status = byId("near-me-status");
    status.textContent = button.getAttribute("data-pending");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        setPosition(position.coords.latitude.toFixed(3), position.coords.longitude.toFixed(3));
        byId("f-pres").value = "";
        status.textContent = button.getAttribute("data-found");
        submit(byId("search-form"));
      },
      function (error) {
        status.textContent = button.getAttribute(error.code === 1 ? "data-refused" : "data-failed");
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 0 }
    );
  }

  function setupSearch(field) {
    var button = byId("near-me");
    if (button && navigator.geolocation) {
      button.hidden = false;
      button.addEventListener("click", function () { locate(button); });
    }
    field.addEventListener("input", function () { setPosition("", ""); });
    field.addEventListener("place-picked", function () {
      setPosition("", "");
      byId("near-me-status").textContent = "";
    });
    if (window.location.hash === "#pres") {  // "Près de chez moi" from the home page
      var disclosure = byId("filters-disclosure");  // folded on phones
      if (disclosure) { disclosure.open = true; }
      // After the browser has scrolled to the fragment (which moves the focus start point).
      window.addEventListener("load", function () { field.focus(); });
    }
  }

  function setup() {
    document.querySelectorAll("input[data-place-suggestions]").forEach(function (field) {
      if (!field.placeReady) {  // once per element
        field.placeReady = true;
        setupPlaceField(field);
        if (field.id === "f-pres") { setupSearch(field); }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", setup);
  // Going back restores the page's body from htmx's history: new elements, set up again.
  document.addEventListener("htmx:historyRestore", setup);
})();
