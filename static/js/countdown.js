/* Live countdowns of clocks (incidents' SLA and regulatory clocks, anywhere else):
 *   <time class="countdown" datetime="ISO" data-start="ISO" data-warn-hours="6">…</time>
 * (the due time is data-due, or else the datetime attribute).
 * Every second the text becomes the time left ("2 d 03:14:05 left") or past due
 * ("overdue by 01:02:03"), and the element's data-state "ok", "warning" (half the
 * window gone, or within data-warn-hours of the due time), "urgent" (three quarters
 * gone) or "breached", which the stylesheet colours; the words say the same, so
 * colour is never the only signal. Elements swapped in by htmx are picked up too.
 */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function span(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400);
    var hms = pad(Math.floor((s % 86400) / 3600)) + ":" + pad(Math.floor((s % 3600) / 60)) + ":" + pad(s % 60);
    return (d ? d + " d " : "") + hms;
  }

  function state(el, now, due) {
    if (now >= due) return "breached";
    var start = Date.parse(el.dataset.start || "");
    var warnHours = parseFloat(el.dataset.warnHours || "");
    var gone = isNaN(start) || due <= start ? 0 : (now - start) / (due - start);
    if (gone >= 0.75) return "urgent";
    if (gone >= 0.5 || (!isNaN(warnHours) && due - now <= warnHours * 3600000)) return "warning";
    return "ok";
  }

  function tick() {
    var now = Date.now();
    var clocks = document.querySelectorAll("time.countdown");
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      var due = Date.parse(el.dataset.due || el.getAttribute("datetime") || "");
      if (isNaN(due)) continue;
      var left = due - now;
      el.textContent = left > 0 ? span(left) + " left" : "overdue by " + span(left);
      el.dataset.state = state(el, now, due);
    }
  }

  function start() {
    tick();
    window.setInterval(tick, 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
