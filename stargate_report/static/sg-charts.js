/* Draw the book's charts offline.
 *
 * Each chart is a <script type="application/json" class="sg-spec"> holding a
 * Vega-Lite spec, next to the <div> it draws into (see stargate_report/render.py).
 * vegaEmbed comes from vendor/vega-bundle.js, loaded before this file (both defer).
 * In dark mode, text and grid colours are swapped for light ones, and the charts are
 * redrawn when the reader switches theme.
 */
(function () {
  "use strict";

  var DARK = {
    axis: { domainColor: "#8a8a8a", gridColor: "#3d3d3d", tickColor: "#8a8a8a",
            labelColor: "#d6d6d6", titleColor: "#e8e8e8" },
    legend: { labelColor: "#d6d6d6", titleColor: "#e8e8e8" },
    title: { color: "#f0f0f0", subtitleColor: "#bdbdbd" },
    header: { labelColor: "#d6d6d6", titleColor: "#e8e8e8" },
    text: { color: "#e8e8e8" },
    view: { stroke: null }
  };

  function isDark() {
    return document.documentElement.dataset.theme === "dark";
  }

  function merge(base, extra) {
    var out = Object.assign({}, base);
    Object.keys(extra).forEach(function (key) {
      var a = out[key], b = extra[key];
      out[key] = (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(b))
        ? merge(a, b) : b;
    });
    return out;
  }

  function draw(specEl) {
    var target = document.getElementById(specEl.dataset.target);
    if (!target) { return; }
    var spec = JSON.parse(specEl.textContent);
    if (isDark()) { spec.config = merge(spec.config || {}, DARK); }
    var options = {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false }
    };
    window.vegaEmbed(target, spec, options).then(function () {
      // The actions menu's button is an icon: give it a name for screen readers.
      var menu = target.querySelector("details > summary");
      if (menu) { menu.setAttribute("aria-label", "Save this chart as an image"); }
      target.dataset.rendered = "true";
    }).catch(function (err) {
      target.dataset.rendered = "error";
      target.textContent = "This chart could not be drawn: " + err;
      console.error("stargate chart " + target.id + ": " + err);
    });
  }

  function drawAll() {
    if (typeof window.vegaEmbed !== "function") {
      console.error("stargate charts: vegaEmbed is missing (vendor/vega-bundle.js not loaded)");
      return;
    }
    document.querySelectorAll("script.sg-spec").forEach(draw);
  }

  var lastDark = null;
  function drawIfThemeChanged() {
    if (isDark() !== lastDark) { lastDark = isDark(); drawAll(); }
  }

  drawIfThemeChanged();
  new MutationObserver(drawIfThemeChanged).observe(
    document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
})();
