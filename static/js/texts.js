/* Innovation Hub Atlas: the words scripts show, from the page's gettext catalogue
 * (templates/_js_texts.html). AtlasText("map.shown", {n: 12}) → "表示中の組織: 12". */
(function () {
  "use strict";
  var texts = null;
  window.AtlasText = function (key, params) {
    if (texts === null) {
      var node = document.getElementById("atlas-texts");
      texts = node ? JSON.parse(node.textContent) : {};
    }
    var text = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    return text.replace(/%\((\w+)\)s/g, function (whole, name) {
      return params && params[name] !== undefined && params[name] !== null ? String(params[name]) : "";
    });
  };
}());
