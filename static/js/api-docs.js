/* Innovation Hub Atlas: the API page. Swagger UI (served by the app from PyPI's flask-swagger-ui)
 * draws the OpenAPI document named by #swagger-ui's data-url; nothing is fetched from elsewhere
 * (no validator badge, no remote document). */
(function () {
  "use strict";
  var box = document.getElementById("swagger-ui");
  if (!box || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: box.getAttribute("data-url"),
    domNode: box,
    // No deep links: Swagger UI puts them as links inside the buttons that open an operation
    // (nested interactive controls, which screen readers and keyboards cannot use).
    deepLinking: false,
    validatorUrl: null,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    onComplete: function () { document.body.dataset.apiReady = "1"; }
  });
}());
