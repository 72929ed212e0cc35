/* Filter the claims explorer by topic and article, in the page, offline. */
(function () {
  "use strict";
  document.querySelectorAll(".sg-explorer").forEach(function (box) {
    var selects = box.querySelectorAll("select[data-filter]");
    var rows = box.querySelectorAll("tbody tr");
    var count = box.querySelector(".sg-explorer-count");
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = Array.prototype.every.call(selects, function (sel) {
          return !sel.value || row.dataset[sel.dataset.filter] === sel.value;
        });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + " of " + rows.length + " claims";
    }
    selects.forEach(function (sel) { sel.addEventListener("change", apply); });
    apply();
  });
})();
