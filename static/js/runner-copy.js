// The profile's calendar address: a Copy button beside the field. The button is drawn
// hidden and shown only here, so a page without JavaScript keeps the plain field (its
// text can still be selected and copied by hand).
(function () {
  "use strict";
  function wire(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-status"));
    if (!field || !status || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { status.textContent = "Copied: the address is on your clipboard."; },
        function () {
          field.select();
          status.textContent = "Could not copy; the address is selected, copy it by hand.";
        }
      );
    });
  }
  document.querySelectorAll("button[data-copy]").forEach(wire);
})();
