// Draws each chart from the configuration the server wrote on its canvas (data-chart), with a palette readable by
// people with colour-blindness (Okabe-Ito). The table under each chart carries the same figures.
(function () {
  'use strict';
  var palette = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];
  var byOutcome = {
    RECOMMEND: '#009E73', MODIFY: '#56B4E9', ASSESS_FIRST: '#E69F00', ADVISE_AGAINST: '#D55E00',
    NO_CARD: '#999999', NO_DECISION: '#000000'
  };
  function draw() {
    var canvases = document.querySelectorAll('canvas[data-chart]');
    var drawn = 0;
    canvases.forEach(function (canvas) {
      var config = JSON.parse(canvas.dataset.chart);
      config.data.datasets.forEach(function (dataset, i) {
        var colour = (dataset.outcome && byOutcome[dataset.outcome]) || palette[i % palette.length];
        dataset.backgroundColor = colour;
        dataset.borderColor = colour;
      });
      new Chart(canvas, config);
      drawn++;
    });
    document.body.dataset.chartsDrawn = String(drawn);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
