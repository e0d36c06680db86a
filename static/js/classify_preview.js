// Live score and tier while the six answers are chosen on the classify page.
// The points and thresholds come from the scheme in force (json_script
// "classify-scheme"); the server scores again on save, so this is a preview only.
(function () {
  "use strict";
  var form = document.getElementById("classify-form");
  var data = document.getElementById("classify-scheme");
  if (!form || !data) return;
  var scheme = JSON.parse(data.textContent);
  var out = form.querySelector("[data-preview-text]");
  var tiers = [["critical", "Critical"], ["high", "High"], ["medium", "Medium"]];
  var dimensions = Object.keys(scheme.points);

  function tierFor(score) {
    for (var i = 0; i < tiers.length; i++) {
      if (score >= scheme.thresholds[tiers[i][0]]) return tiers[i][1];
    }
    return "Low";
  }

  function update() {
    var score = 0, answered = 0;
    dimensions.forEach(function (dimension) {
      var chosen = form.querySelector('input[name="' + dimension + '"]:checked');
      if (chosen && chosen.value in scheme.points[dimension]) {
        score += scheme.points[dimension][chosen.value];
        answered += 1;
      }
    });
    if (answered < dimensions.length) {
      out.textContent = "Score so far " + score + " (" + answered + " of " +
        dimensions.length + " dimensions answered).";
    } else {
      out.textContent = "Score " + score + ", tier " + tierFor(score) + ".";
    }
  }

  form.addEventListener("change", update);
  update();
})();
