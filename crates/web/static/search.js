// WEB-SEARCH: suggestions as the user types on /search (progressive: the form works without
// it). Asks /search/suggest for titles and offers them in the input's datalist.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var typed = input.value.trim();
      if (typed === last) { return; }
      last = typed;
      if (!typed) { list.textContent = ""; return; }
      fetch("/search/suggest?q=" + encodeURIComponent(typed), { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (body) {
          list.textContent = "";
          (body.suggestions || []).forEach(function (title) {
            var option = document.createElement("option");
            option.value = title;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 200);
  });
})();
