// Scouting portal: "select all" for the batch download. Without JavaScript each box still works.
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  if (!all) { return; }
  var picks = Array.prototype.slice.call(document.querySelectorAll("input.pick"));
  all.addEventListener("change", function () {
    picks.forEach(function (box) { box.checked = all.checked; });
  });
  picks.forEach(function (box) {
    box.addEventListener("change", function () {
      all.checked = picks.every(function (b) { return b.checked; });
    });
  });
})();
