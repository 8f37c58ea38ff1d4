/*
 * Le Mois de l'ESS — small progressive enhancements.  No dependencies.
 *
 * After htmx swaps new search results into #search-results because of a link
 * inside the results, move keyboard and screen-reader focus to the results
 * heading (#results-heading, tabindex="-1"); filter changes keep their focus.  Does nothing, and
 * never throws, when htmx is absent.
 */
(function () {
  "use strict";

  var RESULTS_ID = "search-results";
  var HEADING_ID = "results-heading";

  function isResultsSwap(event) {
    var detail = event && event.detail;
    var target = (detail && detail.target) || (event && event.target);
    if (!target || target.nodeType !== 1) {
      return false;
    }
    // Only swaps whose target is #search-results itself (innerHTML or
    // outerHTML): a widget swapping something *inside* the results must not
    // steal focus.
    if (target.id !== RESULTS_ID) {
      return false;
    }
    // A change made in the filter form keeps the focus where the user is (the
    // heading is aria-live, so the new count is announced); a link inside the
    // results (pagination, chips, list/map switch) disappears with the swap,
    // so the focus goes to the heading instead of being lost.
    var config = detail && detail.requestConfig;
    var source = config && config.elt;
    return !(source && source.closest && source.closest("#search-form"));
  }

  function focusResultsHeading() {
    var heading = document.getElementById(HEADING_ID);
    if (!heading) {
      return;
    }
    if (!heading.hasAttribute("tabindex")) {
      heading.setAttribute("tabindex", "-1");
    }
    try {
      heading.focus({ preventScroll: true });
    } catch (e) {
      heading.focus();
    }
    // Bring the heading into view only if it is above the viewport (e.g. the
    // user submitted the filters from the bottom of a long list).
    var rect = heading.getBoundingClientRect();
    if (rect.top < 0 || rect.top > window.innerHeight) {
      var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      heading.scrollIntoView({ block: "start", behavior: reduce ? "auto" : "smooth" });
    }
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    try {
      if (isResultsSwap(event)) {
        focusResultsHeading();
      }
    } catch (e) {
      // An enhancement must never break the page.
    }
  });
})();

/*
 * Search filters: on a wide screen the "Filtres (n)" disclosure is open (CSS shows its
 * content where ::details-content is supported; this covers the other browsers). Phones
 * keep it closed so that the results come first.
 */
(function () {
  "use strict";

  function openOnWideScreens() {
    var details = document.getElementById("filters-disclosure");
    if (details && window.matchMedia && window.matchMedia("(min-width: 60em)").matches) {
      details.open = true;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openOnWideScreens);
  } else {
    openOnWideScreens();
  }
})();
