/* The coach's block page: keep the coach's place through every edit, the editor as a
   dialog over the calendar, and dragging a session to another day. Written for Fast
   Finish; the page works without it (links, forms and #day-… fragments). */
(function () {
  "use strict";

  // The day the coach is working on: where focus returns after the region is redrawn.
  let place = null;
  // Where the page was scrolled when the editor was asked for: the dialog opens over it.
  let scrolled = null;

  function block() { return document.getElementById("block"); }

  function cellOf(day) {
    return day ? document.getElementById("day-" + day) : null;
  }

  // The week's own live region gets the page's message, so it is read where the coach looks.
  function announce(cell) {
    const messages = document.getElementById("messages");
    const row = cell && cell.closest("tr");
    const status = row && row.querySelector(".week-status");
    if (!messages || !status) { return; }
    status.textContent = messages.textContent.trim();
  }

  function returnTo(day) {
    const cell = cellOf(day);
    if (!cell) { return; }
    const target = cell.querySelector("a.session") || cell.querySelector("a.add");
    if (target) {
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
    announce(cell);
  }

  function openEditor(editor) {
    // Drawn open (a plain page shows it below the calendar); with a script, a modal
    // dialog over the calendar instead, which Escape closes.
    if (editor.open && typeof editor.showModal === "function") {
      if (scrolled !== null) { window.scrollTo(0, scrolled); }
      editor.close();
      editor.showModal();
      const first = editor.querySelector("[autofocus]");
      if (first) { first.focus(); }
    }
    // Escape is handled below, for a dialog opened either way; the browser's own
    // closing would leave the editor's address and the block's state behind.
    editor.addEventListener("cancel", function (event) { event.preventDefault(); });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) { return; }
    const region = block();
    const close = region && region.querySelector("dialog.editor a.close-editor");
    if (close) {
      event.preventDefault();
      // Not close.click(): in the moment after the editor is drawn htmx may not have
      // taken the link over yet, and a plain click would only change the address's #day.
      htmx.ajax("GET", close.getAttribute("hx-get"), {
        source: close,
        target: "#block",
        swap: "outerHTML",
      });
    }
  });

  function postMove(item, from, to) {
    const region = block();
    const version = region.querySelector("input[name=version]");
    const token = region.querySelector("input[name=csrfmiddlewaretoken]");
    place = from.dataset.date;
    htmx.ajax("POST", item.dataset.moveUrl, {
      source: region,
      target: "#block",
      swap: "outerHTML",
      values: {
        to: to.dataset.date,
        version: version ? version.value : "",
        csrfmiddlewaretoken: token ? token.value : "",
      },
    });
  }

  // A drop on a day that has a session never leaves the page: say why it snapped back.
  function refuseBusyDay(event) {
    const pointer = event.originalEvent;
    const point = pointer && (pointer.changedTouches ? pointer.changedTouches[0] : pointer);
    if (!point || typeof point.clientX !== "number") { return; }
    const under = document.elementFromPoint(point.clientX, point.clientY);
    const day = under && under.closest("td.day");
    const messages = document.getElementById("messages");
    if (!day || day === event.from || !messages) { return; }
    const reason = document.createElement("p");
    reason.className = "message error";
    reason.textContent = "Nothing was moved: " + day.querySelector(".date").textContent.trim() +
      " already has a session; one session a day. Move or remove that one first.";
    messages.replaceChildren(reason);
    event.item.focus();
    announce(event.from);
  }

  function enableDragging(region) {
    if (typeof Sortable === "undefined") { return; }
    region.querySelectorAll("td.day").forEach(function (cell) {
      Sortable.create(cell, {
        group: {
          name: "block-days",
          pull: true,
          // One session a day: only a rest day takes a dropped session.
          put: function (to) { return to.el.classList.contains("rest"); },
        },
        draggable: "a.session",
        sort: false,
        forceFallback: true,
        fallbackOnBody: true,
        delay: 150,
        delayOnTouchOnly: true,
        ghostClass: "dragging",
        onEnd: function (event) {
          if (event.to !== event.from) { postMove(event.item, event.from, event.to); return; }
          refuseBusyDay(event);
        },
      });
    });
  }

  function settle() {
    const region = block();
    if (!region) { return; }
    const editor = region.querySelector("dialog.editor");
    enableDragging(region);
    if (editor) {
      place = editor.dataset.day || place;
      openEditor(editor);
      return;
    }
    const day = region.dataset.focusDay || place;
    if (day) { returnTo(day); }
    place = null;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    const region = block();
    const source = event.detail.elt;
    if (!region || !region.contains(source)) { return; }
    const editor = region.querySelector("dialog.editor");
    const cell = source.closest && source.closest("td.day");
    scrolled = window.scrollY;
    if (editor) { place = editor.dataset.day; }
    else if (cell) { place = cell.dataset.date; }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    // The whole region is redrawn after every edit: the target is the region replaced.
    const target = event.detail.target;
    if (target && target.id === "block") { settle(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    const match = /^#day-(\d{4}-\d\d-\d\d)$/.exec(window.location.hash);
    if (match) { place = match[1]; }
    settle();
  });
})();
