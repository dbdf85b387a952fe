/* Innovation Hub Atlas: live score preview on the application form.
 *
 * Sends the draft's values (saved ones plus what is typed now) to the stateless
 * /api/v1/criteria/score endpoint and shows total, percent and tier. Nothing is saved by
 * this; text reaches the page only through textContent.
 */
(function () {
  "use strict";
  var box = document.getElementById("score-preview");
  var figures = document.getElementById("score-preview-figures");
  var form = document.getElementById("values-form");
  if (!box || !figures || !form) return;
  var saved = JSON.parse(document.getElementById("application-values").textContent || "{}");
  var en = box.dataset.lang === "en";
  var t = window.AtlasText;
  var timer = null;

  function field(name) { return figures.querySelector('[data-field="' + name + '"]'); }

  // The API takes numbers: "１，２００" and "1,200" as typed in Japan become 1200; an empty
  // field is left out; text that is no number is sent as is, for the API to name the problem.
  function number(text) {
    var ascii = String(text).replace(/[０-９．]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    }).replace(/[,，\s]/g, "");
    if (ascii === "") return null;
    var value = Number(ascii);
    return isFinite(value) ? value : text;
  }

  function values() {
    var out = {};
    Object.keys(saved).forEach(function (k) { out[k] = saved[k]; });
    form.querySelectorAll("input[data-indicator]").forEach(function (input) {
      var value = number(input.value);
      if (value === null) delete out[input.dataset.indicator];
      else out[input.dataset.indicator] = value;
    });
    return out;
  }

  function show(data) {
    if (data.errors) {
      // Each problem in the reader's language, naming the indicator (never its key).
      var messages = Object.keys(data.errors).map(function (k) {
        var input = form.querySelector('input[data-indicator="' + k.replace(/^values\./, "") + '"]');
        var message = data.errors[k][0].message;
        return input && input.labels && input.labels.length
          ? t("score.problem", { name: input.labels[0].textContent.trim(), message: message }) : message;
      });
      box.textContent = t("score.check", { problems: messages.join(t("list.separator")) });
      figures.hidden = true;
      return;
    }
    box.textContent = t("score.preview");
    field("total").textContent = data.total + " / " + data.maximum;
    field("percent").textContent = data.percent + "%";
    field("tier").textContent = en ? data.tier_name_en : data.tier_name_ja;
    field("missing").textContent = data.missing_values.length ? t("score.missing", { n: data.missing_values.length }) : "—";
    figures.hidden = false;
    document.body.dataset.previewReady = "1";
  }

  function update() {
    fetch(box.dataset.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ track: box.dataset.track, values: values() })
    }).then(function (r) { return r.json(); }).then(show).catch(function (err) {
      box.textContent = t("score.unavailable", { error: err.message });
    });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  });
  update();
}());
