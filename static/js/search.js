/*
 * Le Mois de l'ESS — search page: the counts beside the filter values.
 *
 * A results fragment (htmx) does not send the filter form again, only its counts, as data in
 * #facet-counts ({"theme-travailler": 12, "departement-35": 3, …}): this script writes them
 * into "(12)" beside each checkbox and into the region and département options, whose text
 * patterns (with the plural forms, from the server's translations) are on their <select>.
 * Numbers are written the French way with Intl.NumberFormat("fr-FR"). Without JavaScript there
 * are no fragments: the whole page comes with its counts.
 * Also keeps the <head>'s feed links (rel="alternate") on the current search.
 */
(function () {
  "use strict";

  var format = new Intl.NumberFormat("fr-FR");

  function optionText(option, n) {
    var select = option.closest("select");
    // The French plural rule: 0 and 1 take the singular.
    var pattern = (select && select.getAttribute(n <= 1 ? "data-one" : "data-other")) || "{label} ({n})";
    return pattern.replace("{label}", option.getAttribute("data-label")).replace("{n}", format.format(n));
  }

  function applyCounts() {
    var holder = document.getElementById("facet-counts");
    var raw = holder && holder.getAttribute("data-counts");
    if (!raw) {
      return;
    }
    var counts;
    try {
      counts = JSON.parse(raw);
    } catch (e) {
      return;
    }
    holder.removeAttribute("data-counts");
    Object.keys(counts).forEach(function (key) {
      var span = document.getElementById("facet-" + key);
      if (span) {
        span.textContent = "(" + format.format(counts[key]) + ")";
      }
    });
    document.querySelectorAll("option[data-count]").forEach(function (option) {
      var n = counts[option.getAttribute("data-count")];
      if (typeof n === "number") {
        option.textContent = optionText(option, n);
      }
    });
  }

  // The page's <head> links to the search's feeds (rel="alternate"), which htmx never swaps:
  // they take the hrefs of the "S'abonner à cette recherche" links, which every results
  // fragment sends out of band, and which a page restored from htmx's history carries (its
  // swap settles too).
  function applyFeedLinks() {
    document.querySelectorAll('head link[rel="alternate"][type]').forEach(function (link) {
      var shown = document.querySelector('#follow-links a[type="' + link.getAttribute("type") + '"]');
      if (shown && shown.getAttribute("href") !== link.getAttribute("href")) {
        link.setAttribute("href", shown.getAttribute("href"));
      }
    });
  }

  document.addEventListener("htmx:afterSettle", applyCounts);
  document.addEventListener("htmx:afterSettle", applyFeedLinks);
})();
