// Reading aids (issue 13; WEB-A11Y, barrier-free access), loaded in the head so the page is
// drawn once in the right mode: the elderly mode (长辈版) on the portal and every site of the
// group, text size and high contrast in the office, kept in this browser's localStorage (no
// cookie, nothing sent to the server). Once the page is read: the mode buttons are shown,
// portal tables become cards on a phone, and in the elderly mode a long form (data-steps)
// asks one thing per screen.
(function () {
  var KEY = "zw-view";
  var root = document.documentElement;
  var area = root.getAttribute("data-area") || "portal";
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  var view = load();
  function apply() {
    var list = root.classList;
    list.toggle("view-elder", area === "portal" && !!view.elder);
    list.toggle("view-contrast", area === "office" && !!view.contrast);
    list.toggle("view-large", area === "office" && view.size === 1);
    list.toggle("view-larger", area === "office" && view.size === 2);
  }
  apply();

  function change(what) {
    if (what === "elder") view.elder = !view.elder;
    if (what === "contrast") view.contrast = !view.contrast;
    if (what === "bigger") view.size = Math.min(2, (view.size || 0) + 1);
    if (what === "smaller") view.size = Math.max(0, (view.size || 0) - 1);
    try { localStorage.setItem(KEY, JSON.stringify(view)); } catch (e) { /* private mode: this page only */ }
    apply();
  }

  function buttons() {
    document.querySelectorAll("[data-view]").forEach(function (button) {
      var what = button.getAttribute("data-view");
      button.hidden = false;
      var show = function () {
        if (what === "elder") {
          button.setAttribute("aria-pressed", String(!!view.elder));
          button.textContent = view.elder ? "退出长辈版" : "长辈版";
        }
        if (what === "contrast") button.setAttribute("aria-pressed", String(!!view.contrast));
      };
      show();
      button.addEventListener("click", function () {
        change(what);
        document.querySelectorAll("[data-view]").forEach(function (b) { b.dispatchEvent(new Event("zw-view")); });
        steps();
      });
      button.addEventListener("zw-view", show);
    });
  }

  // A portal table with one header row becomes cards on a phone: each cell is labelled
  // with its column's header (app.css shows the label above the value).
  function cards() {
    document.querySelectorAll("main.page table.data").forEach(function (table) {
      var head = table.rows[0];
      if (!head || head.querySelector("td") || table.querySelector("[rowspan],[colspan]")) return;
      var labels = Array.prototype.map.call(head.cells, function (th) { return th.textContent.trim(); });
      for (var r = 1; r < table.rows.length; r++) {
        Array.prototype.forEach.call(table.rows[r].cells, function (cell, i) {
          if (labels[i]) cell.setAttribute("data-label", labels[i]);
        });
      }
      table.classList.add("cards");
    });
  }

  // One thing per screen: in the elderly mode a form with data-steps shows one .step at a
  // time with 上一步 / 下一步; 下一步 checks the step's fields first. Otherwise all steps show.
  function steps() {
    document.querySelectorAll("form[data-steps]").forEach(function (form) {
      var all = form.querySelectorAll(".step");
      var nav = form.querySelector(".step-nav");
      var on = root.classList.contains("view-elder") && all.length > 1;
      if (!on) {
        all.forEach(function (s) { s.hidden = false; });
        if (nav) nav.hidden = true;
        return;
      }
      if (!nav) {
        nav = document.createElement("p");
        nav.className = "step-nav";
        nav.innerHTML = '<span class="step-count" aria-live="polite"></span> <button type="button" class="secondary step-back">上一步</button> <button type="button" class="step-next">下一步</button>';
        form.insertBefore(nav, all[0]);
        nav.querySelector(".step-back").addEventListener("click", function () { go(form, -1); });
        nav.querySelector(".step-next").addEventListener("click", function () { go(form, 1); });
      }
      nav.hidden = false;
      // A refused form (issue 14 item 3) opens at the step of its first problem.
      if (!form.hasAttribute("data-current")) {
        var invalid = form.querySelector('[aria-invalid="true"]');
        form.setAttribute("data-current", String(Math.max(0, stepOf(form, invalid))));
      }
      show(form, Number(form.getAttribute("data-current") || 0), false);
    });
  }

  function stepOf(form, field) {
    var all = form.querySelectorAll(".step");
    for (var i = 0; i < all.length; i++) {
      if (field && all[i].contains(field)) return i;
    }
    return -1;
  }

  // A link of a form's list of problems to a field on a step not shown shows that step first.
  function problemLinks() {
    document.querySelectorAll(".error-list a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function () {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        var form = field && field.closest("form[data-steps]");
        if (!form || !form.querySelector(".step-nav") || form.querySelector(".step-nav").hidden) return;
        var index = stepOf(form, field);
        if (index >= 0) show(form, index, false);
      });
    });
  }

  function show(form, index, focus) {
    var all = form.querySelectorAll(".step");
    index = Math.max(0, Math.min(all.length - 1, index));
    form.setAttribute("data-current", String(index));
    all.forEach(function (s, i) { s.hidden = i !== index; });
    var nav = form.querySelector(".step-nav");
    nav.querySelector(".step-count").textContent = "第 " + (index + 1) + " 步，共 " + all.length + " 步";
    nav.querySelector(".step-back").hidden = index === 0;
    nav.querySelector(".step-next").hidden = index === all.length - 1;
    all[index].after(nav);
    if (focus) {
      var title = all[index].querySelector(".step-title");
      if (title) { title.setAttribute("tabindex", "-1"); title.focus(); }
    }
  }

  function go(form, by) {
    var all = form.querySelectorAll(".step");
    var index = Number(form.getAttribute("data-current") || 0);
    if (by > 0) {
      var fields = all[index].querySelectorAll("input, select, textarea");
      for (var i = 0; i < fields.length; i++) {
        if (!fields[i].checkValidity()) { fields[i].reportValidity(); return; }
      }
    }
    show(form, index + by, true);
  }

  // A table wider than the screen scrolls in its own box (app.css); the box takes focus so
  // the keyboard can scroll it too.
  function scrollers() {
    document.querySelectorAll("table.data").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) {
        table.setAttribute("tabindex", "0");
        if (!table.hasAttribute("aria-label") && !table.caption) {
          var heading = table.previousElementSibling;
          table.setAttribute("aria-label", heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent.trim() : "表格（可左右滚动）");
        }
      }
    });
  }

  // A printable page's print button (issue 14 item 6): hidden until this script shows it,
  // so that without scripts the page names the browser's own print command instead.
  function printers() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    buttons();
    cards();
    steps();
    problemLinks();
    scrollers();
    printers();
  });
})();
