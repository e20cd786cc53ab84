// binhdang target progress charts, drawn with the vendored Chart.js (static/vendor/chartjs).
//
// No inline scripts: a chart is a <canvas data-chart="trend|units" data-chart-source="ID">
// whose data sits in <script type="application/json" id="ID"> (Django's json_script). Every
// text comes from that data (translated on the server). Every chart has an HTML table with
// the same figures right below it, so nothing here is needed to read the numbers.
//
// Numbers are written the Vietnamese way (1.234,5). Colours follow the Okabe–Ito palette and
// a status is never shown by colour alone: each bar carries its status icon, lines differ by
// dash and point shape as well as by colour.
(function () {
  "use strict";

  var STATUS = {
    achieved: { colour: "#009e73", icon: "M3.5 8.5l3 3 6-7" },
    on_track: { colour: "#0072b2", icon: "M4.5 11.5l7-7M6.5 4.5h5v5" },
    at_risk: { colour: "#e69f00", icon: "M8 3.5v5.5M8 12v0.5" },
    off_track: { colour: "#d55e00", icon: "M4.5 4.5l7 7M11.5 4.5l-7 7" },
    no_data: { colour: "#9aa3ad", icon: "M4.5 8h7" },
  };
  var ACTUAL = "#0072b2";
  var GOAL = "#d55e00";
  var GRID = "#e3e8ee";
  var TEXT = "#344255";

  var numberFormat =
    typeof Intl !== "undefined" && Intl.NumberFormat
      ? new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 })
      : null;

  // 1234.5 → "1.234,5" (also without Intl).
  function formatNumber(value) {
    if (value === null || value === undefined || value === "" || isNaN(value)) return "—";
    var n = Number(value);
    if (numberFormat) return numberFormat.format(n);
    var parts = (Math.round(n * 10) / 10).toString().split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return parts.join(",");
  }

  function withUnit(value, unit) {
    var text = formatNumber(value);
    if (text === "—" || !unit) return text;
    return unit === "%" ? text + "%" : text + " " + unit;
  }

  function readData(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource || "");
    if (!source) return null;
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  function baseOptions(data) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: "vi-VN",
      interaction: { mode: "index", intersect: false },
      layout: { padding: { top: 18 } },
      plugins: {
        legend: {
          position: "bottom",
          labels: { usePointStyle: true, color: TEXT, boxWidth: 10, padding: 14 },
        },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              var label = ctx.dataset.label ? ctx.dataset.label + ": " : "";
              var text = label + withUnit(ctx.parsed.y, data.unit);
              var statuses = ctx.dataset.statuses;
              if (statuses && statuses[ctx.dataIndex] && data.statusLabels) {
                text += " (" + (data.statusLabels[statuses[ctx.dataIndex]] || "") + ")";
              }
              return text;
            },
          },
        },
      },
      scales: {
        x: { grid: { display: false }, ticks: { color: TEXT } },
        y: {
          beginAtZero: true,
          suggestedMax: data.suggestedMax,
          grid: { color: GRID },
          ticks: {
            color: TEXT,
            callback: function (value) {
              return withUnit(value, data.unit);
            },
          },
          title: { display: Boolean(data.yTitle), text: data.yTitle || "", color: TEXT },
        },
      },
    };
  }

  // A time series: the value reached each year (solid, round points) and the milestone
  // trajectory (dashed, triangles), 2022–2030.
  function trendConfig(data) {
    var datasets = (data.series || []).map(function (s) {
      var goal = s.role === "goal";
      return {
        label: s.label,
        data: s.values,
        borderColor: goal ? GOAL : ACTUAL,
        backgroundColor: goal ? "#ffffff" : ACTUAL,
        borderWidth: goal ? 2 : 3,
        borderDash: goal ? [6, 4] : [],
        pointStyle: goal ? "triangle" : "circle",
        pointRadius: goal ? 5 : 4,
        pointBorderWidth: 2,
        spanGaps: true,
        tension: 0,
      };
    });
    return { type: "line", data: { labels: data.labels, datasets: datasets }, options: baseOptions(data) };
  }

  // Draws each bar's status icon above it (the colour never speaks alone).
  var statusIcons = {
    id: "binhdangStatusIcons",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      chart.data.datasets.forEach(function (dataset, index) {
        if (!dataset.statuses || typeof Path2D === "undefined") return;
        chart.getDatasetMeta(index).data.forEach(function (bar, i) {
          var status = STATUS[dataset.statuses[i]] || STATUS.no_data;
          var size = 14;
          var x = bar.x - size / 2;
          var y = Math.min(bar.y, chart.chartArea.bottom) - size - 3;
          ctx.save();
          ctx.translate(x, y);
          ctx.beginPath();
          ctx.arc(size / 2, size / 2, size / 2, 0, Math.PI * 2);
          ctx.fillStyle = status.colour;
          ctx.fill();
          ctx.scale(size / 16, size / 16);
          ctx.strokeStyle = "#ffffff";
          ctx.lineWidth = 2.2;
          ctx.lineCap = "round";
          ctx.lineJoin = "round";
          ctx.stroke(new Path2D(status.icon));
          ctx.restore();
        });
      });
    },
  };

  // The milestone as a dashed line across the whole plot, labelled at its right end.
  function goalLine(goal, label, unit) {
    return {
      id: "binhdangGoalLine",
      afterDatasetsDraw: function (chart) {
        var area = chart.chartArea;
        var y = chart.scales.y.getPixelForValue(goal);
        if (y < area.top || y > area.bottom) return;
        var ctx = chart.ctx;
        ctx.save();
        ctx.strokeStyle = GOAL;
        ctx.lineWidth = 2;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        ctx.moveTo(area.left, y);
        ctx.lineTo(area.right, y);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = GOAL;
        ctx.font = "600 12px 'Be Vietnam Pro', system-ui, sans-serif";
        ctx.textAlign = "right";
        ctx.textBaseline = "bottom";
        ctx.fillText(label + " " + withUnit(goal, unit), area.right - 2, y - 3);
        ctx.restore();
      },
    };
  }

  // A bar per unit (or agency), coloured and marked by its status, with the milestone as a
  // dashed line across.
  function barsConfig(data) {
    var statuses = data.statuses || [];
    var datasets = [
      {
        type: "bar",
        label: data.seriesLabel,
        data: data.values,
        statuses: statuses,
        backgroundColor: statuses.map(function (s) {
          return (STATUS[s] || STATUS.no_data).colour;
        }),
        borderWidth: 0,
        maxBarThickness: 46,
        order: 2,
      },
    ];
    var hasGoal = data.goal !== null && data.goal !== undefined;
    var options = baseOptions(data);
    options.plugins.legend.labels.generateLabels = function (chart) {
      // The legend explains the status colours and icons plus the milestone line.
      var items = Object.keys(data.statusLabels || {})
        .filter(function (s) {
          return statuses.indexOf(s) !== -1;
        })
        .map(function (s) {
          return {
            text: data.statusLabels[s],
            fillStyle: STATUS[s].colour,
            strokeStyle: STATUS[s].colour,
            pointStyle: "rectRounded",
            fontColor: TEXT,
          };
        });
      if (hasGoal) {
        items.push({
          text: data.goalLabel,
          fillStyle: GOAL,
          strokeStyle: GOAL,
          lineDash: [6, 4],
          lineWidth: 2,
          pointStyle: "line",
          fontColor: TEXT,
        });
      }
      return items;
    };
    options.interaction = { mode: "nearest", intersect: true };
    if (hasGoal) {
      // Room for the milestone above the tallest bar.
      var highest = Math.max.apply(null, [data.goal].concat(data.values.filter(isFinite)));
      options.scales.y.suggestedMax = Math.max(data.suggestedMax || 0, highest * 1.1);
    }
    return {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: options,
      plugins: hasGoal ? [statusIcons, goalLine(data.goal, data.goalLabel, data.unit)] : [statusIcons],
    };
  }

  var BUILDERS = { trend: trendConfig, units: barsConfig };

  // Marks the canvas once Chart.js has painted it (browser tests wait for this).
  var drawnFlag = {
    id: "binhdangDrawn",
    afterRender: function (chart) {
      chart.canvas.dataset.chartDrawn = "true";
    },
  };

  function draw(canvas) {
    if (canvas.dataset.chartBound || typeof window.Chart === "undefined") return;
    var data = readData(canvas);
    var build = data && BUILDERS[canvas.dataset.chart];
    if (!build) return;
    canvas.dataset.chartBound = "1";
    var config = build(data);
    config.plugins = (config.plugins || []).concat([drawnFlag]);
    var chart = new window.Chart(canvas, config);
    var fallback = canvas.parentNode.querySelector(".chart-fallback");
    if (fallback) fallback.hidden = true;
    return chart;
  }

  function init(root) {
    root.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  // Printing: charts are redrawn at the paper's width.
  window.addEventListener("beforeprint", function () {
    if (!window.Chart) return;
    Object.values(window.Chart.instances || {}).forEach(function (chart) {
      chart.resize();
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (event) {
    init(event.target);
  });

  window.binhdangCharts = { formatNumber: formatNumber };
})();
