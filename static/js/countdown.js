/* Live countdowns of clocks (incidents' SLA and regulatory clocks, anywhere else):
 *   <time class="countdown" datetime="ISO" data-warn-at="ISO" data-risk-at="ISO">…</time>
 * (the due time is data-due, or else the datetime attribute).
 * Every second the text becomes the time left ("2 d 03:14:05 left") or past due
 * ("overdue by 01:02:03"), and the element's data-state "ok", "warning" (from
 * data-warn-at), "urgent" (at risk, from data-risk-at) or "breached", which the
 * stylesheet colours. The words say the same, so colour is never the only signal:
 * "overdue", and beside the time a <span class="countdown-state"> saying "due soon"
 * or "at risk" (components/countdown.html writes it; the script adds it where a
 * countdown came without it).
 * The server computes both moments from the clock's own warning offsets (the SLA
 * policy's, core.clocks.rules.warning_times): this script only compares them with now.
 * Elements swapped in by htmx are picked up too.
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
    var riskAt = Date.parse(el.dataset.riskAt || "");
    var warnAt = Date.parse(el.dataset.warnAt || "");
    if (!isNaN(riskAt) && now >= riskAt) return "urgent";
    if (!isNaN(warnAt) && now >= warnAt) return "warning";
    return "ok";
  }

  var WORDS = { ok: "", warning: ", due soon", urgent: ", at risk", breached: "" };

  function stateLabel(el) {
    var next = el.nextElementSibling;
    if (next && next.classList.contains("countdown-state")) return next;
    var label = document.createElement("span");
    label.className = "countdown-state";
    el.insertAdjacentElement("afterend", label);
    return label;
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
      var current = state(el, now, due);
      el.dataset.state = current;
      var label = stateLabel(el);
      if (label.dataset.state !== current) {
        label.dataset.state = current;
        label.textContent = WORDS[current];
      }
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
