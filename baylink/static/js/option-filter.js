/* A text box above each <select multiple data-option-filter="placeholder">: typing hides the
   options that do not contain the words typed (chosen options always stay visible), so a list of
   hundreds can be narrowed without losing what is chosen. Without JavaScript the plain list is
   there as before. */
(function () {
  "use strict";

  function attach(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = select.getAttribute("data-option-filter");
    box.setAttribute("aria-label", box.placeholder);
    box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(select.options, function (option) {
        var text = option.text.toLowerCase();
        var shown = option.selected || words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !shown;
      });
    });
  }

  function attachAll() {
    document.querySelectorAll("select[multiple][data-option-filter]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attachAll);
  } else {
    attachAll();
  }
})();
