// The article editor (WEB-REVIEW): a textarea marked data-rich-editor becomes a small rich-text
// editor — a toolbar and a contenteditable box — that writes its HTML back into the textarea,
// which the form sends. Without this script the textarea works as it is; the server cleans the
// HTML with its allow-list either way.
(function () {
  "use strict";
  var BUTTONS = [
    ["formatBlock", "p", "正文段落"],
    ["formatBlock", "h2", "小标题"],
    ["formatBlock", "h3", "三级标题"],
    ["bold", null, "加粗"],
    ["italic", null, "斜体"],
    ["insertUnorderedList", null, "项目列表"],
    ["insertOrderedList", null, "编号列表"],
    ["createLink", null, "链接"],
    ["removeFormat", null, "清除格式"]
  ];

  function paragraphs(text) {
    var box = document.createElement("div");
    text.replace(/\r\n/g, "\n").split(/\n\s*\n/).forEach(function (part) {
      if (!part.trim()) { return; }
      var p = document.createElement("p");
      part.trim().split("\n").forEach(function (line, i) {
        if (i > 0) { p.appendChild(document.createElement("br")); }
        p.appendChild(document.createTextNode(line));
      });
      box.appendChild(p);
    });
    return box.innerHTML;
  }

  function enhance(area) {
    var toolbar = document.createElement("div");
    toolbar.className = "rich-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "正文格式");
    toolbar.setAttribute("aria-controls", area.id + "-rich");
    var editor = document.createElement("div");
    editor.id = area.id + "-rich";
    editor.className = "rich-editor";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    var label = document.querySelector('label[for="' + area.id + '"]');
    if (label && label.id) { editor.setAttribute("aria-labelledby", label.id); }
    var hint = area.getAttribute("aria-describedby");
    if (hint) { editor.setAttribute("aria-describedby", hint); }
    editor.innerHTML = area.value.indexOf("<") >= 0 ? area.value : paragraphs(area.value);
    var sync = function () { area.value = editor.innerHTML; };
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = spec[2];
      button.addEventListener("click", function () {
        editor.focus();
        var argument = spec[1];
        if (spec[0] === "createLink") {
          argument = window.prompt("链接地址（以 https:// 开头）", "https://");
          if (!argument || !/^https?:\/\//i.test(argument)) { return; }
        }
        document.execCommand(spec[0], false, argument);
        sync();
      });
      toolbar.appendChild(button);
    });
    editor.addEventListener("input", sync);
    editor.addEventListener("blur", sync);
    if (area.form) { area.form.addEventListener("submit", sync); }
    area.hidden = true;
    area.parentNode.insertBefore(toolbar, area);
    area.parentNode.insertBefore(editor, area);
    if (label) {
      label.addEventListener("click", function (event) { event.preventDefault(); editor.focus(); });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-rich-editor]"), enhance);
  });
})();
