/*
 * Le Mois de l'ESS — optional script for partners' pages: fits the height of each widget
 * frame (<iframe src=".../widget/evenements...">) to its content. It accepts only messages
 * from the site that serves this script, shaped {type: "moisess-widget-height", height: <px>},
 * and resizes only the frame that sent them.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var origin;
  try {
    origin = new URL(script.src, window.location.href).origin;
  } catch (e) {
    return;
  }

  function frames() {
    return Array.prototype.filter.call(document.getElementsByTagName("iframe"), function (frame) {
      try {
        return new URL(frame.src, window.location.href).origin === origin;
      } catch (e) {
        return false;
      }
    });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || typeof data !== "object" || data.type !== "moisess-widget-height") {
      return;
    }
    var height = data.height;
    if (typeof height !== "number" || !isFinite(height) || height < 40 || height > 20000) {
      return;
    }
    frames().forEach(function (frame) {
      if (frame.contentWindow === event.source) {
        frame.style.height = Math.ceil(height) + "px";
      }
    });
  });

  // A widget loaded before this script ran has already posted its height: ask again (the
  // message holds nothing, so any target origin will do: the frame may still be blank).
  function ping() {
    frames().forEach(function (frame) {
      if (frame.contentWindow) {
        frame.contentWindow.postMessage({ type: "moisess-widget-ping" }, "*");
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ping);
  } else {
    ping();
  }
})();
