// HALL-QUEUE: the hall's big screen and a window's small screen follow the calls live. The page
// opens the server-sent event stream /hall/display/events; each call is shown (text set with
// textContent, never parsed as HTML) and read out by the browser's speech synthesis where it
// has one. A small screen (data-hall-display="3") shows only its window's calls. Without
// JavaScript the pages reload each minute.
(function () {
  "use strict";
  var print = document.getElementById("print");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  var main = document.querySelector("[data-hall-display]");
  if (!main || !window.EventSource) { return; }
  var only = main.dataset.hallDisplay;
  var now = document.getElementById("now");
  var nowText = document.getElementById("now-text");
  var rows = document.getElementById("call-rows");
  function say(text) {
    if (window.speechSynthesis && window.SpeechSynthesisUtterance) {
      var u = new SpeechSynthesisUtterance(text);
      u.lang = "zh-CN";
      window.speechSynthesis.speak(u);
    }
  }
  var source = new EventSource("/hall/display/events");
  source.addEventListener("call", function (event) {
    var call = JSON.parse(event.data);
    if (only !== "all" && String(call.window) !== only) { return; }
    if (only === "all") {
      now.textContent = call.text;
      if (rows) {
        var tr = document.createElement("tr");
        [call.number, call.window + " 号窗口", new Date().toTimeString().slice(0, 5)].forEach(function (t) {
          var td = document.createElement("td");
          td.textContent = t;
          tr.appendChild(td);
        });
        rows.insertBefore(tr, rows.firstChild);
        while (rows.children.length > 12) { rows.removeChild(rows.lastChild); }
      }
    } else {
      now.textContent = call.number;
      if (nowText) { nowText.textContent = call.text; }
    }
    say(call.text);
  });
})();
