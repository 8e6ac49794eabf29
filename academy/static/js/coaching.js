// The session form: show the fields that fit the session type (circuit for track sessions,
// a title for simulator ones, laps only where there are laps). Without JavaScript every
// field shows and the server checks the same rules.
(function () {
  "use strict";
  var typeSelect = document.querySelector("[data-session-type]");
  if (!typeSelect) {
    return;
  }
  var groups = document.querySelectorAll("[data-show-for]");

  function update() {
    var type = typeSelect.value;
    groups.forEach(function (group) {
      var shown = group.getAttribute("data-show-for").split(" ").indexOf(type) !== -1;
      group.hidden = !shown;
      // Hidden fields are disabled so they are not sent: a circuit left in a hidden select
      // must not turn a simulator session into a track one.
      group.querySelectorAll("input, select, textarea").forEach(function (input) {
        input.disabled = !shown;
      });
    });
  }

  typeSelect.addEventListener("change", update);
  update();
})();
