// Points Swagger UI at the demo pet store. The .test top-level domain never resolves, so the
// spec and every "Try it out" call are fulfilled by the recording flow or, at replay, from
// the recording itself.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: 'https://petstore.example.test/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
    // The default validator badge loads an image from validator.swagger.io.
    validatorUrl: null,
  });
};
