/* The portal's htmx behaviour, in one place (base.html loads it after htmx).
 *
 * 1. A refused save answers 400 with the form and its errors (registry/views/controls.py
 *    and every other htmx form): htmx 2 would drop that body, so swap it in place like
 *    a 200, and the person sees what they typed with each error beside its field.
 * 2. A server error or a lost connection: say so in place, at the top of the form (or
 *    beside the element) that made the request, and leave the page as it was.
 * 3. A list's filter panel (components/filter_bar.html) and the navigation's "Menu"
 *    (core/_mainnav.html) open by themselves on a wide screen and stay folded on a
 *    phone. Here, not inline: the Content-Security-Policy allows scripts from our own
 *    files only.
 * 4. A field marked data-select-on-focus (a new API token) selects its text when
 *    focused, ready to copy.
 * 5. The navigation's area menus close as menus do: another one opening, a click
 *    elsewhere, or Escape (which gives the focus back to the menu's button).
 */
(function () {
  "use strict";

  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "400", swap: true, error: false },
    { code: "[45]..", swap: false, error: true },
    { code: "...", swap: false },
  ];

  var NOTE_CLASS = "htmx-error";

  function placeFor(elt) {
    return (elt && elt.closest && elt.closest("form")) || elt;
  }

  function clearNote(elt) {
    var place = placeFor(elt);
    var note = place && place.querySelector(":scope > ." + NOTE_CLASS);
    if (note) note.remove();
  }

  function showNote(elt, text) {
    var place = placeFor(elt);
    if (!place) return;
    clearNote(elt);
    var note = document.createElement("p");
    note.className = NOTE_CLASS + " message message-error";
    note.setAttribute("role", "alert");
    note.textContent = text;
    if (place.tagName === "FORM") place.prepend(note);
    else place.insertAdjacentElement("afterend", note);
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    clearNote(event.detail.elt);
  });

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    var text;
    if (status === 403) {
      text = "You are not allowed to do this. Nothing was changed.";
    } else if (status === 404) {
      text = "This no longer exists. Reload the page to see what is there now.";
    } else if (status >= 500) {
      text =
        "The portal could not save this (a server error, " +
        status +
        "). Nothing was changed: try again, or reload the page.";
    } else {
      text = "This was refused (" + status + "). Reload the page and try again.";
    }
    showNote(event.detail.elt, text);
  });

  // The stylesheet hides the bar's "Menu" button on a wide screen only where this runs
  // (it opens the menu there); without script the button stays.
  document.documentElement.classList.add("js");

  var WIDE = window.matchMedia("(min-width: 48rem)");

  function openWhenWide(root) {
    if (!WIDE.matches) return;
    root.querySelectorAll("details[data-open-when-wide]").forEach(function (d) {
      d.open = true;
    });
  }

  // htmx:load fires for the page once and for every piece swapped in after.
  document.addEventListener("htmx:load", function (event) {
    openWhenWide(event.detail.elt);
  });
  // A window widened past a phone's width: the bar's summary is hidden, so open it.
  WIDE.addEventListener("change", function () {
    openWhenWide(document);
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-select-on-focus]")) {
      event.target.select();
    }
  });

  function closeMenus(except) {
    document.querySelectorAll("details.navgroup[open]").forEach(function (d) {
      if (d !== except) d.open = false;
    });
  }

  document.addEventListener(
    "toggle",
    function (event) {
      var d = event.target;
      if (d.matches && d.matches("details.navgroup") && d.open) closeMenus(d);
    },
    true
  );

  document.addEventListener("click", function (event) {
    if (!event.target.closest("details.navgroup")) closeMenus(null);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = event.target.closest && event.target.closest("details.navgroup[open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });

  document.addEventListener("htmx:sendError", function (event) {
    showNote(
      event.detail.elt,
      "The portal could not be reached. Nothing was changed: check your connection and try again."
    );
  });
})();
