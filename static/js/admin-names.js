// Names the admin's own widgets leave to a tooltip or to a missing element (WCAG 1.3.1,
// 2.4.4, 4.1.2): icon links (calendar, clock, related-object and sorting links) get their
// title as visually hidden text; labels of fields that a widget replaced point at what the
// person uses; references to help texts that were never drawn are dropped.
"use strict";
(function () {
  function nameIconLinks() {
    document.querySelectorAll("a[title], a:has(> [title])").forEach(function (link) {
      if (link.textContent.trim() || link.querySelector("img[alt]:not([alt=''])") || link.hasAttribute("aria-label")) {
        return;
      }
      const title = link.getAttribute("title") || link.querySelector("[title]").getAttribute("title");
      const text = document.createElement("span");
      text.className = "visually-hidden";
      text.textContent = title;
      link.appendChild(text);
    });
  }

  function pointLabels() {
    document.querySelectorAll("label[for]").forEach(function (label) {
      const target = document.getElementById(label.htmlFor);
      if (target && !target.classList.contains("select2-hidden-accessible")) {
        return;
      }
      // filter_horizontal: the chosen items; select2: its own combobox is named by
      // admin-select-labels.js, so the label only stays as visible text.
      const chosen = document.getElementById(label.htmlFor + "_to");
      if (chosen) {
        label.htmlFor = chosen.id;
      } else {
        label.removeAttribute("for");
      }
    });
  }

  function dropMissingDescriptions() {
    document.querySelectorAll("[aria-describedby]").forEach(function (field) {
      const present = field.getAttribute("aria-describedby").split(/\s+/).filter(function (id) {
        return id && document.getElementById(id);
      });
      if (present.length) {
        field.setAttribute("aria-describedby", present.join(" "));
      } else {
        field.removeAttribute("aria-describedby");
      }
    });
  }

  function name() {
    nameIconLinks();
    pointLabels();
    dropMissingDescriptions();
  }

  // After the admin's scripts, which add the calendar and clock links on "load".
  window.addEventListener("load", function () {
    window.setTimeout(name, 0);
  });
})();
