// ClbWorker's dashboard charts: inline SVG drawn from the dashboard's own JSON routes, refreshed in place every 10 s.
// No library and nothing from another host, so the dashboard works offline. Each chart keeps the figures it drew in
// data- attributes (data-values per series, data-since and data-until on the chart), so they can be checked.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var REFRESH_MS = 10000;
  var W = 600, H = 220, LEFT = 52, RIGHT = 12, TOP = 10, BOTTOM = 26;
  var STATE_COLORS = { succeeded: '#5cb85c', failed: '#d9534f', invalid: '#8b1a1a', timed_out: '#f0ad4e', cancelled: '#999999' };
  var PALETTE = ['#337ab7', '#5cb85c', '#f0ad4e', '#d9534f', '#5bc0de', '#8e44ad', '#16a085', '#7f8c8d'];
  var STATES = ['succeeded', 'failed', 'invalid', 'timed_out', 'cancelled'];

  function node(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }

  function steps(since, until, stepMs) {
    var times = [];
    for (var t = since; t < until; t += stepMs) times.push(t);
    return times;
  }

  function utc(ms) {
    var d = new Date(ms);
    return ('0' + d.getUTCHours()).slice(-2) + ':' + ('0' + d.getUTCMinutes()).slice(-2);
  }

  function niceMax(value) {
    if (!(value > 0)) return 1;
    var power = Math.pow(10, Math.floor(Math.log10(value)));
    var scaled = value / power;
    var nice = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10;
    return nice * power;
  }

  function format(value, unit) {
    if (value === null) return '-';
    var text = Math.abs(value) >= 100 || unit === '' ? String(Math.round(value * 100) / 100) : value.toFixed(value < 10 ? 2 : 1);
    return text + unit;
  }

  // chart: { since, until, stepMs, unit, series: [{ name, label, color, values, dashed, summary }] }
  function draw(container, chart) {
    container.setAttribute('data-since', new Date(chart.since).toISOString());
    container.setAttribute('data-until', new Date(chart.until).toISOString());
    container.setAttribute('data-rendered', String(Date.now()));
    while (container.firstChild) container.removeChild(container.firstChild);

    var legend = document.createElement('div');
    legend.className = 'clb-chart-legend';
    container.appendChild(legend);
    var svg = node('svg', { viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'img', 'aria-label': container.getAttribute('data-title') || '' }, container);
    var times = steps(chart.since, chart.until, chart.stepMs);
    var max = 0;
    chart.series.forEach(function (s) { s.values.forEach(function (v) { if (v !== null && v > max) max = v; }); });
    max = niceMax(max);
    var x = function (i) { return LEFT + (W - LEFT - RIGHT) * (times.length <= 1 ? 0 : i / (times.length - 1)); };
    var y = function (v) { return TOP + (H - TOP - BOTTOM) * (1 - v / max); };

    [0, 0.5, 1].forEach(function (f) {
      node('line', { x1: LEFT, x2: W - RIGHT, y1: y(max * f), y2: y(max * f), stroke: '#e5e5e5' }, svg);
      var label = node('text', { x: LEFT - 6, y: y(max * f) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#777' }, svg);
      label.textContent = format(max * f, chart.unit);
    });
    times.forEach(function (t, i) {
      if (new Date(t).getUTCMinutes() % 5 === 0 && new Date(t).getUTCSeconds() === 0) {
        var label = node('text', { x: x(i), y: H - 8, 'text-anchor': 'middle', 'font-size': 11, fill: '#777' }, svg);
        label.textContent = utc(t) + 'Z';
      }
    });

    var any = false;
    chart.series.forEach(function (s) {
      var group = node('g', { 'class': 'clb-series', 'data-series': s.name, 'data-values': s.values.map(function (v) { return v === null ? '' : String(v); }).join(',') }, svg);
      var path = '';
      s.values.forEach(function (v, i) {
        if (v === null) { path += ' '; return; }
        any = any || v > 0;
        path += (path === '' || path[path.length - 1] === ' ' ? 'M' : 'L') + x(i).toFixed(1) + ',' + y(v).toFixed(1);
        if (!s.dashed) {
          var dot = node('circle', { cx: x(i), cy: y(v), r: 2, fill: s.color }, group);
          node('title', {}, dot).textContent = s.label + ' ' + utc(times[i]) + 'Z: ' + format(v, chart.unit);
        }
      });
      node('path', { d: path.trim().replace(/ +/g, ' ').replace(/ M/g, 'M') || 'M0,0', fill: 'none', stroke: s.color, 'stroke-width': s.dashed ? 1.5 : 2,
        'stroke-dasharray': s.dashed ? '6 4' : 'none' }, group);
      var item = document.createElement('span');
      item.className = 'clb-legend-item';
      item.setAttribute('data-series', s.name);
      item.setAttribute('data-summary', s.summary === null ? '' : String(s.summary));
      item.style.marginRight = '1.2em';
      item.innerHTML = '<span style="display:inline-block;width:1.4em;border-top:3px ' + (s.dashed ? 'dashed ' : 'solid ') + s.color + ';vertical-align:middle"></span> ';
      item.appendChild(document.createTextNode(s.label + (s.summaryText ? ': ' + s.summaryText : '')));
      legend.appendChild(item);
    });
    if (!any) {
      var empty = node('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', 'font-size': 13, fill: '#999' }, svg);
      empty.textContent = 'Nothing in the last 15 minutes';
    }
  }

  function bucketIndex(times, at) {
    var ms = Date.parse(at);
    for (var i = 0; i < times.length; i++) if (times[i] === ms) return i;
    return -1;
  }

  function finished(data) {
    var since = Date.parse(data.since), until = Date.parse(data.until);
    var times = steps(since, until, 60000);
    var series = STATES.map(function (state) {
      var values = times.map(function () { return 0; });
      data.finished.forEach(function (b) { if (b.state === state) { var i = bucketIndex(times, b.minute); if (i >= 0) values[i] += b.finished; } });
      var total = values.reduce(function (a, v) { return a + v; }, 0);
      return { name: state, label: state, color: STATE_COLORS[state], values: values, dashed: false, summary: total, summaryText: total + ' in 15 min' };
    });
    return { since: since, until: until, stepMs: 60000, unit: '', series: series };
  }

  function lag(data) {
    var since = Date.parse(data.since), until = Date.parse(data.until);
    var times = steps(since, until, 60000);
    var pick = function (field) {
      var values = times.map(function () { return null; });
      data.lag.forEach(function (b) { var i = bucketIndex(times, b.minute); if (i >= 0) values[i] = Math.round(b[field] * 1000) / 1000; });
      return values;
    };
    var p50 = pick('p50'), p99 = pick('p99');
    var last = function (values) { for (var i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i]; return null; };
    return {
      since: since, until: until, stepMs: 60000, unit: ' s', series: [
        { name: 'p50', label: 'p50', color: '#337ab7', values: p50, dashed: false, summary: last(p50), summaryText: 'latest ' + format(last(p50), ' s') },
        { name: 'p99', label: 'p99', color: '#d9534f', values: p99, dashed: false, summary: last(p99), summaryText: 'latest ' + format(last(p99), ' s') }
      ]
    };
  }

  function rates(data) {
    var since = Date.parse(data.since), until = Date.parse(data.until);
    var times = steps(since, until, 10000);
    var keys = [];
    data.buckets.forEach(function (b) {
      var key = b.account + ' @ ' + b.host;
      if (keys.indexOf(key) < 0) keys.push(key);
    });
    var series = [];
    keys.forEach(function (key, k) {
      var color = PALETTE[k % PALETTE.length];
      var values = times.map(function () { return 0; });
      var limit = null;
      data.buckets.forEach(function (b) {
        if (b.account + ' @ ' + b.host !== key) return;
        var i = bucketIndex(times, b.start);
        if (i >= 0) values[i] = Math.round(b.granted / 10 * 100) / 100;
        limit = b.requestsPerSecond;
      });
      var peak = values.reduce(function (a, v) { return v > a ? v : a; }, 0);
      series.push({ name: key, label: key, color: color, values: values, dashed: false, summary: peak,
        summaryText: 'peak ' + format(peak, '/s') + ' of ' + format(limit, '/s') });
      series.push({ name: key + ' limit', label: key + ' limit', color: color, values: values.map(function () { return limit; }), dashed: true, summary: limit,
        summaryText: format(limit, '/s') });
    });
    return { since: since, until: until, stepMs: 10000, unit: '/s', series: series };
  }

  var BUILDERS = { finished: finished, lag: lag, rates: rates };

  function refresh() {
    var bySource = {};
    Array.prototype.forEach.call(document.querySelectorAll('.clb-chart[data-source]'), function (container) {
      var source = container.getAttribute('data-source');
      (bySource[source] = bySource[source] || []).push(container);
    });
    Object.keys(bySource).forEach(function (source) {
      fetch(source, { credentials: 'same-origin', cache: 'no-store' })
        .then(function (response) { if (!response.ok) throw new Error('HTTP ' + response.status); return response.json(); })
        .then(function (data) {
          bySource[source].forEach(function (container) { draw(container, BUILDERS[container.getAttribute('data-chart')](data)); });
        })
        .catch(function (error) {
          bySource[source].forEach(function (container) { container.setAttribute('data-error', String(error)); });
        });
    });
  }

  refresh();
  setInterval(refresh, REFRESH_MS);
})();
