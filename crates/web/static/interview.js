// MSG-INTERVIEW: the answers of a live interview appear without a reload. The page opens the
// server-sent event stream /interviews/{id}/events and appends each published answer; text
// is set with textContent (never parsed as HTML). Without JavaScript the page is reloaded.
(function () {
  "use strict";
  var section = document.getElementById("interview");
  if (!section || !section.dataset.live || !window.EventSource) { return; }
  var list = document.getElementById("answers");
  var source = new EventSource("/interviews/" + section.dataset.id + "/events");
  function para(label, text) {
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = label;
    p.appendChild(strong);
    p.appendChild(document.createTextNode(text));
    return p;
  }
  source.addEventListener("answer", function (event) {
    var a = JSON.parse(event.data);
    if (document.getElementById("answer-" + a.id)) { return; }
    var li = document.createElement("li");
    li.id = "answer-" + a.id;
    li.appendChild(para("网友 " + a.nickname + " 问：", a.question));
    li.appendChild(para(a.guest + " 答：", a.answer));
    list.appendChild(li);
  });
  source.addEventListener("ended", function () {
    source.close();
    var status = document.getElementById("interview-status");
    if (status) { status.textContent = "已结束（文字实录）"; }
  });
})();
