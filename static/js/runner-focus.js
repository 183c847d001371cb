// The runner's week: after a day card's form is sent with htmx (done, skipped, undo,
// an upload), the card comes back in place of the old one; put the focus back on it, so
// a keyboard or screen-reader user carries on where they were. Without JavaScript the
// server's redirect lands on the card's #fragment instead.
(function () {
  "use strict";
  var pending = null;

  document.addEventListener("htmx:beforeRequest", function (event) {
    var card = event.target.closest ? event.target.closest(".day-card") : null;
    pending = card ? card.id : null;
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!pending) return;
    var card = document.getElementById(pending);
    pending = null;
    // An answer that names its own focus (autofocus: a run moved to another day's card)
    // has already been followed by htmx; only a focus lost with the old card is put back.
    var active = document.activeElement;
    if (!card || (active && active !== document.body && document.contains(active))) return;
    if (!card.hasAttribute("tabindex")) card.setAttribute("tabindex", "-1");
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
  });
})();
