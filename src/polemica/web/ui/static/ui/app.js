// polemica: small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    var button = select.form && select.form.querySelector("button[type=submit]");
    if (button) { button.classList.add("js-hidden"); }
    select.addEventListener("change", function () { select.form.submit(); });
  });
});

// Live updates of a question page: one EventSource on the element marked data-live. Each
// event's id is the log's sequence number; the browser sends the last one back (Last-Event-ID)
// when it reconnects after the server ends a stream, and a stream opened anew (after an
// error closed the old one) starts after the last number seen, so no event is lost. A
// reconnection is routine, not an error: nothing is logged. Each event is re-dispatched on
// the body as `live-<kind>`, which the htmx fragments listen to.
document.addEventListener("DOMContentLoaded", function () {
  var live = document.querySelector("[data-live]");
  if (!live || !window.EventSource) { return; }
  var url = live.getAttribute("data-live");
  var last = live.getAttribute("data-live-seq") || "";
  var wait = 1000;
  function open() {
    var source = new EventSource(url + "?after=" + encodeURIComponent(last));
    ["hello", "contribution", "phase"].forEach(function (kind) {
      source.addEventListener(kind, function (event) {
        if (event.lastEventId) { last = event.lastEventId; }
        live.setAttribute("data-live-seq", last);
        if (kind !== "hello") { document.body.dispatchEvent(new Event("live-" + kind)); }
      });
    });
    source.addEventListener("open", function () { wait = 1000; });
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED) {
        window.setTimeout(open, wait);
        wait = Math.min(wait * 2, 60000);
      }
    });
  }
  open();
});
