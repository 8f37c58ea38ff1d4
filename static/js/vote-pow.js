/* Proof of work of the vote form (ALTCHA style): find the number whose SHA-256 with the
   salt gives the challenge, put the answer in the hidden "pow" field and hide the
   fallback question. Without JavaScript (or Web Crypto) the question stays. */
(function () {
  "use strict";
  var box = document.querySelector(".vote-challenge");
  if (!box || !window.crypto || !window.crypto.subtle || !window.TextEncoder) { return; }
  var data = JSON.parse(box.getAttribute("data-pow"));
  var status = document.getElementById("vote-pow-status");
  var encoder = new TextEncoder();
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  async function solve() {
    for (var n = 0; n <= data.maxnumber; n++) {
      var digest = hex(await crypto.subtle.digest("SHA-256", encoder.encode(data.salt + n)));
      if (digest === data.challenge) { return n; }
    }
    return null;
  }
  status.hidden = false;
  status.textContent = "Vérification anti-robot en cours…";
  solve().then(function (number) {
    if (number === null) { status.hidden = true; return; }
    document.getElementById("vote-pow").value = btoa(JSON.stringify({
      algorithm: data.algorithm, challenge: data.challenge, number: number,
      salt: data.salt, signature: data.signature
    }));
    document.getElementById("vote-question").hidden = true;
    status.textContent = "Vérification anti-robot terminée : vous pouvez voter.";
  });
})();
