/* Shows a "processing" notice while a long form (import, upload) is being sent. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var note = form.querySelector(".progress");
      if (note) note.hidden = false;
      var button = form.querySelector("button[type=submit]");
      if (button) button.setAttribute("aria-busy", "true");
    });
  });
}());
