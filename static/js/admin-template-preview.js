// The workout-template editor's live preview: whenever a field of the form changes, the
// whole form (unsaved) is posted to the staff-only preview address, and the answer, the
// template for three sample runners, replaces the preview. Typing is waited out
// (300 ms) and only the newest answer is shown.
(function () {
  "use strict";
  // Django's segment table opens with an empty header cell over the saved rows' names.
  document.querySelectorAll("#segments-group th.original").forEach(function (cell) {
    if (!cell.textContent.trim()) {
      var words = document.createElement("span");
      words.className = "visually-hidden";
      words.textContent = "Saved as";
      cell.appendChild(words);
    }
  });
  var section = document.getElementById("template-preview");
  var body = document.getElementById("template-preview-body");
  var form = document.getElementById("workouttemplate_form");
  if (!section || !body || !form || !window.fetch) return;
  var url = section.getAttribute("data-preview-url");
  var timer = null;
  var asked = 0;

  function refresh() {
    var mine = ++asked;
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.text() : Promise.reject(answer); })
      .then(function (html) {
        if (mine !== asked) return;
        body.innerHTML = html;
        section.setAttribute("data-preview-version", String(mine));
      })
      .catch(function () {
        if (mine === asked) body.textContent = "The preview could not be drawn; save to see it.";
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
