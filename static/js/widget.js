/*
 * Le Mois de l'ESS — the widget page (templates/widget/embed.html), when framed, tells its
 * parent its height so that static/js/widget-resize.js can fit the frame: a message
 * {type: "moisess-widget-height", height: <px>} on load, on every size change, and when the
 * parent asks ({type: "moisess-widget-ping"}). Only a height is sent, so any parent may read it.
 */
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var last = -1;

  function post(force) {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last || force === true) {
      last = height;
      window.parent.postMessage({ type: "moisess-widget-height", height: height }, "*");
    }
  }

  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data && event.data.type === "moisess-widget-ping") {
      post(true);
    }
  });
  if (window.ResizeObserver) {
    new ResizeObserver(post).observe(document.documentElement);
  } else {
    window.addEventListener("resize", post);
  }
  window.addEventListener("load", post);
  post();
})();
