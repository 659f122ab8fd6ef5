// Names for the admin's autocomplete widgets (select2), which select2 leaves without one:
// each takes the label of the select it stands for (WCAG 4.1.2), also after select2 redraws.
"use strict";
(function () {
  function labelOf(select) {
    const label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : select.name;
  }

  function nameWidgets() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const widget = select.nextElementSibling;
      if (!widget || !widget.classList.contains("select2")) {
        return;
      }
      const name = labelOf(select);
      widget.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field').forEach(function (field) {
        if (field.getAttribute("aria-label") !== name) {
          field.removeAttribute("aria-labelledby");
          field.setAttribute("aria-label", name);
        }
      });
      widget.querySelectorAll("ul.select2-selection__rendered:not([role])").forEach(function (list) {
        list.setAttribute("role", "list");
      });
    });
  }

  window.addEventListener("load", function () {
    nameWidgets();
    new MutationObserver(nameWidgets).observe(document.body, {childList: true, subtree: true});
  });
})();
