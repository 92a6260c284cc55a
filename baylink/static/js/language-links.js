// The header's language links carry the page's address (its search and filters). Lists and the
// finder change that address in place (htmx), so the links follow it: switching language after
// a search keeps the search.
(function () {
  "use strict";

  function follow() {
    var rest = window.location.pathname.replace(/^\/[^/]+/, "") + window.location.search;
    document.querySelectorAll(".language-switcher a[data-language]").forEach(function (link) {
      link.setAttribute("href", "/" + link.dataset.language + rest);
    });
  }

  document.addEventListener("htmx:pushedIntoHistory", follow);
  document.addEventListener("htmx:replacedInHistory", follow);
})();
