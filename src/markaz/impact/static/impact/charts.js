// Draws the plotly figures the server built (JSON in <script type="application/json">).
(function () {
  "use strict";
  function svgButton() {
    return {
      name: "svg",
      title: document.documentElement.lang === "ar" ? "تنزيل بصيغة SVG" : "Download as SVG",
      icon: Plotly.Icons.camera,
      click: function (gd) { Plotly.downloadImage(gd, { format: "svg", filename: gd.id }); },
    };
  }
  function draw() {
    if (typeof Plotly === "undefined") { return; }
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var source = document.getElementById(el.dataset.figure);
      if (!source) { return; }
      var fig = JSON.parse(source.textContent);
      Plotly.newPlot(el, fig.data, fig.layout, {
        responsive: true,
        displaylogo: false,
        locale: document.documentElement.lang === "ar" ? "ar" : "en",
        toImageButtonOptions: { format: "png", filename: el.id },
        modeBarButtonsToAdd: [svgButton()],
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
