/* Pacte's only script of its own. Loaded with `defer` from base.html; everything here is an
   enhancement: every page works without it. No inline script anywhere (strict CSP).

   - the language select submits itself (the <noscript> button does it without JavaScript);
   - the header's menus (<details>) close on Escape and on a click elsewhere, and stay in step
     with the width for browsers that cannot style ::details-content;
   - each table cell gets its column's header as data-label, which layout.css shows when
     tables become stacked rows at phone width; again after every htmx swap;
   - "/" focuses the search field (the header's, or the search page's own). */
(function () {
  "use strict";

  var WIDE = window.matchMedia("(min-width: 900px)");
  var STYLES_DETAILS_CONTENT = !!(window.CSS && CSS.supports && CSS.supports("selector(::details-content)"));

  /* --- Language ------------------------------------------------------------------------- */

  function languageSwitch() {
    var select = document.querySelector("#language-switch select[name=language]");
    if (!select) return;
    select.addEventListener("change", function () {
      select.form.submit();
    });
  }

  /* --- Header menus ----------------------------------------------------------------------- */

  function navMenu() {
    return document.querySelector("header.top details.nav-menu");
  }

  function accountMenu() {
    return document.querySelector("header.top details.account-menu");
  }

  // Without ::details-content the closed <details> hides its content at every width: open the
  // navigation when wide, and list the account links when narrow.
  function followWidth() {
    if (STYLES_DETAILS_CONTENT) return;
    var nav = navMenu();
    var account = accountMenu();
    if (nav) nav.open = WIDE.matches;
    if (account) account.open = !WIDE.matches;
  }

  // The menu that pops over the page at this width: the account menu when wide, the whole
  // navigation when narrow. The other one is laid out in the header and never closes itself.
  function popup() {
    return WIDE.matches ? accountMenu() : navMenu();
  }

  function headerMenus() {
    followWidth();
    if (WIDE.addEventListener) WIDE.addEventListener("change", followWidth);
    document.addEventListener("keydown", function (event) {
      var menu = popup();
      if (event.key !== "Escape" || !menu || !menu.open) return;
      menu.open = false;
      menu.querySelector("summary").focus();
    });
    document.addEventListener("click", function (event) {
      var menu = popup();
      if (menu && menu.open && !menu.contains(event.target)) menu.open = false;
    });
  }

  /* --- Search: "/" focuses the search field ----------------------------------------------- */

  // Not while typing: "/" in a field, a select or an editable area is the person's own.
  function typing(target) {
    if (!target || !target.tagName) return false;
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function searchShortcut() {
    var header = document.getElementById("header-search-q");
    if (!header) return;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.defaultPrevented || event.isComposing || typing(event.target)) return;
      // On the search page its own field holds the query to refine; elsewhere the header's.
      var field = document.getElementById("search-page-q") || header;
      // Below 900 px the header's field is inside the folded menu: open it first.
      var nav = navMenu();
      if (field === header && nav && !nav.open && !WIDE.matches) nav.open = true;
      event.preventDefault();
      field.focus();
      field.select();
    });
  }

  /* --- Tables: column headers as cell labels --------------------------------------------- */

  function text(cell) {
    return (cell.textContent || "").replace(/\s+/g, " ").trim();
  }

  // The header row: the last row of <thead>, else a first row made only of <th>.
  function headerRow(table) {
    if (table.tHead && table.tHead.rows.length) {
      return table.tHead.rows[table.tHead.rows.length - 1];
    }
    var first = table.rows[0];
    if (first && first.cells.length && Array.prototype.every.call(first.cells, function (c) { return c.tagName === "TH"; })) {
      return first;
    }
    return null;
  }

  function columnLabels(row) {
    var labels = [];
    Array.prototype.forEach.call(row.cells, function (cell) {
      var label = cell.getAttribute("data-label") || cell.getAttribute("aria-label") || text(cell);
      for (var i = 0; i < (cell.colSpan || 1); i++) labels.push(label);
    });
    return labels;
  }

  function labelTable(table) {
    if (table.classList.contains("keep-table")) {
      var parent = table.parentElement;
      if (parent && !parent.classList.contains("table-scroll")) {
        var wrapper = document.createElement("div");
        wrapper.className = "table-scroll";
        parent.insertBefore(wrapper, table);
        wrapper.appendChild(table);
      }
      return;
    }
    var head = headerRow(table);
    if (!head) return;
    var labels = columnLabels(head);
    Array.prototype.forEach.call(table.rows, function (row) {
      if (row === head || row.parentElement === table.tHead) return;
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var label = labels[column];
        if (label && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", label);
        column += cell.colSpan || 1;
      });
    });
  }

  function labelTables() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), labelTable);
  }

  /* --- Start ------------------------------------------------------------------------------ */

  /* A button with `data-print` prints the page (the handoff dossier): no inline handler. */
  function printButtons() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-print]");
      if (button) {
        event.preventDefault();
        window.print();
      }
    });
  }

  function start() {
    printButtons();
    languageSwitch();
    headerMenus();
    searchShortcut();
    labelTables();
    // A panel swapped in by htmx brings new rows: label them too (cells already labelled are
    // left alone, so labelling the whole page again costs little).
    document.body.addEventListener("htmx:afterSwap", labelTables);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
