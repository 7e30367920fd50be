// The operators' status page: reads status/data every 15 s and draws it with ECharts (bundled in
// the jar). window.hubCharts holds the chart instances by name, for the browser test and for
// anyone poking at the page from the console.
(function () {
  'use strict';

  var REFRESH_MS = 15000;
  var SILOS = {
    'public-security': '公安 public security',
    'social-insurance': '人社 social insurance',
    'market-regulation': '市场监管 market regulation',
    'civil-affairs': '民政 civil affairs'
  };
  var TAGS = {
    source_unavailable: '数据源不可用 source unavailable',
    data_missing: '数据缺失 data missing',
    departments_disagree: '部门数据不一致 departments disagree',
    not_connected: '未接入共享 not connected'
  };
  var STATUS_COLOURS = { UP: '#2a9d8f', DOWN: '#e63946', OUT_OF_SERVICE: '#f4a261', UNKNOWN: '#8a9bb0' };
  var NO_DATA = '暂无数据 No data yet';

  var charts = {};
  window.hubCharts = charts;

  document.querySelectorAll('[data-chart]').forEach(function (el) {
    charts[el.getAttribute('data-chart')] = echarts.init(el);
  });
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });

  function label(map, key) { return map[key] || key; }
  function time(iso) { return new Date(iso).getTime(); }
  function sum(obj) { return Object.keys(obj || {}).reduce(function (s, k) { return s + obj[k]; }, 0); }
  function unique(values) { return values.filter(function (v, i) { return values.indexOf(v) === i; }); }
  function failed(part) { return part && !Array.isArray(part) && part.error; }

  // An empty chart says so instead of showing bare axes.
  function emptyTitle(isEmpty, part) {
    var text = failed(part) ? '无法读取 unavailable (' + part.error + ')' : NO_DATA;
    return isEmpty ? { text: text, left: 'center', top: 'middle', textStyle: { color: '#8a9bb0', fontSize: 14 } } : { text: '' };
  }

  // One coloured bar per silo: its health, its breaker, its failure rate and last success.
  function silos(data) {
    var list = Array.isArray(data.silos) ? data.silos : [];
    function text(s) {
      var rate = s.failureRate == null || s.failureRate < 0 ? '–' : s.failureRate.toFixed(0) + '%';
      return label(SILOS, s.silo) + '   ' + s.status + '   熔断 breaker ' + s.breaker + '   失败率 failures ' + rate
        + (s.lastSuccess ? '   最近成功 last ok ' + new Date(s.lastSuccess).toLocaleTimeString('zh-CN') : '');
    }
    charts.silos.setOption({
      title: emptyTitle(list.length === 0, data.silos),
      tooltip: { formatter: function (p) { return text(list[p.dataIndex]); } },
      grid: { left: 10, right: 10, top: 5, bottom: 5 },
      xAxis: { type: 'value', show: false, max: 1 },
      yAxis: { type: 'category', show: false, inverse: true, data: list.map(function (s) { return s.silo; }) },
      series: [{
        name: '健康 health', type: 'bar', barWidth: '70%',
        data: list.map(function (s) {
          return { value: 1, itemStyle: { color: STATUS_COLOURS[s.status] || STATUS_COLOURS.UNKNOWN, borderRadius: 4 } };
        }),
        label: { show: true, position: 'insideLeft', color: '#fff', fontSize: 14,
                 formatter: function (p) { return text(list[p.dataIndex]); } }
      }]
    }, true);
  }

  // The last hour on a time axis, whatever the number of samples so far.
  function hourAxis(data) {
    var end = new Date(data.at).getTime();
    return { type: 'time', min: end - 3600 * 1000, max: end };
  }

  function latency(data) {
    var points = data.latency.points;
    var few = points.length < 30;
    document.getElementById('latency-source').textContent = '来源 source: ' + data.latency.source
      + ' · 每 ' + data.sampleIntervalSeconds + ' 秒一个点 one point every ' + data.sampleIntervalSeconds + ' s';
    function series(key) {
      return points.filter(function (p) { return p[key] != null; }).map(function (p) { return [time(p.at), p[key]]; });
    }
    charts.latency.setOption({
      title: emptyTitle(points.length === 0),
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 60, right: 60, top: 40, bottom: 30 },
      xAxis: hourAxis(data),
      yAxis: [{ type: 'value', name: '毫秒 ms' }, { type: 'value', name: '次数 count', splitLine: { show: false } }],
      series: [
        { name: '查询次数 look-ups', type: 'bar', yAxisIndex: 1, barMaxWidth: 6, data: series('count'), itemStyle: { color: '#b8c7db' } },
        { name: '平均 mean', type: 'line', showSymbol: few, data: series('meanMs') },
        { name: 'P95', type: 'line', showSymbol: few, data: series('p95Ms') },
        { name: '最大 max', type: 'line', showSymbol: few, data: series('maxMs'), lineStyle: { type: 'dashed' } }
      ]
    }, true);
  }

  function ingestion(data) {
    var ing = data.ingestion;
    var points = ing.points;
    document.getElementById('lag-source').textContent = '积压来源 lag source: ' + ing.lagSource;
    charts.ingestion.setOption({
      title: emptyTitle(points.length === 0),
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 60, right: 60, top: 40, bottom: 30 },
      xAxis: hourAxis(data),
      yAxis: [{ type: 'value', name: '积压 lag' }, { type: 'value', name: '消费 consumed', splitLine: { show: false } }],
      series: [
        { name: '消费记录 records consumed', type: 'bar', yAxisIndex: 1, barMaxWidth: 6, itemStyle: { color: '#7fc8c2' },
          data: points.map(function (p) { return [time(p.at), sum(p.consumed)]; }) },
        { name: '消费积压 consumer lag', type: 'line', showSymbol: points.length < 30, itemStyle: { color: '#e63946' },
          data: points.filter(function (p) { return p.lag != null; }).map(function (p) { return [time(p.at), p.lag]; }) }
      ]
    }, true);

    var rec = Array.isArray(ing.reconciliation) ? ing.reconciliation : [];
    var bulk = Array.isArray(ing.bulkLoad) ? ing.bulkLoad : [];
    var names = [];
    var done = [];
    var held = [];
    if (ing.replica && ing.replica.enterprises != null) {
      names.push('企业副本 enterprise replica');
      done.push(ing.replica.enterprises);
      held.push(0);
    }
    rec.forEach(function (r) { names.push(r.mapping); done.push(r.mapped); held.push(r.quarantined); });
    bulk.forEach(function (b) { names.push('全量 bulk ' + b.silo + '/' + b.dataset); done.push(b.done || 0); held.push(Math.max(0, (b.total || 0) - (b.done || 0))); });
    var events = ing.events || {};
    document.getElementById('progress-note').textContent = Object.keys(events).length
      ? '接入事件 events: ' + Object.keys(events).map(function (k) { return k + ' ' + events[k]; }).join(' · ')
      : '最近一次对账的记录 records of the last reconciliation per mapping';
    charts.progress.setOption({
      title: emptyTitle(names.length === 0),
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 200, right: 30, top: 40, bottom: 30 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: names },
      series: [
        { name: '已入库 mapped / done', type: 'bar', stack: 'p', barMaxWidth: 40, data: done, itemStyle: { color: '#2a9d8f' } },
        { name: '隔离或待处理 quarantined / to do', type: 'bar', stack: 'p', data: held, itemStyle: { color: '#f4a261' } }
      ]
    }, true);
  }

  function quarantine(data) {
    var rows = Array.isArray(data.quarantine) ? data.quarantine : [];
    var reasons = unique(rows.map(function (r) { return r.reason; }));
    var silos = unique(rows.map(function (r) { return r.silo; }));
    charts.quarantine.setOption({
      title: emptyTitle(rows.length === 0, data.quarantine),
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 200, right: 30, top: 40, bottom: 30 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: reasons },
      series: silos.map(function (s) {
        return { name: label(SILOS, s), type: 'bar', stack: 'q', barMaxWidth: 40,
                 data: reasons.map(function (reason) {
                   var r = rows.filter(function (x) { return x.silo === s && x.reason === reason; })[0];
                   return r ? r.count : 0;
                 }) };
      })
    }, true);
  }

  function conflicts(data) {
    var part = data.conflicts || {};
    var rec = Array.isArray(part.reconciliation) ? part.reconciliation : [];
    var lookups = part.lookups || {};
    var fields = unique(rec.map(function (r) { return r.field; }).concat(Object.keys(lookups)));
    var series = [{ name: '对账 reconciliation', type: 'bar', stack: 'c', barMaxWidth: 40,
                    data: fields.map(function (f) { return rec.filter(function (r) { return r.field === f; })
                      .reduce(function (s, r) { return s + r.count; }, 0); }) }];
    if (Object.keys(lookups).length) {
      series.push({ name: '查询 look-ups', type: 'bar', stack: 'c', data: fields.map(function (f) { return lookups[f] || 0; }) });
    }
    charts.conflicts.setOption({
      title: emptyTitle(fields.length === 0, data.conflicts),
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 200, right: 30, top: 40, bottom: 30 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: fields },
      series: series
    }, true);
  }

  function unresolved(data) {
    var rows = Array.isArray(data.unresolved) ? data.unresolved : [];
    var departments = unique(rows.map(function (r) { return r.department; }));
    var tags = unique(rows.map(function (r) { return r.tag; }));
    var series = tags.map(function (t) {
      return { name: label(TAGS, t), type: 'bar', stack: 'u', barMaxWidth: 60,
               data: departments.map(function (d) {
                 return rows.filter(function (r) { return r.tag === t && r.department === d; })
                   .reduce(function (s, r) { return s + r.active; }, 0);
               }) };
    });
    series.push({ name: '逾期 overdue', type: 'scatter', symbolSize: 14, itemStyle: { color: '#e63946' },
                  data: departments.map(function (d) {
                    return rows.filter(function (r) { return r.department === d; }).reduce(function (s, r) { return s + r.overdue; }, 0);
                  }) });
    charts.unresolved.setOption({
      title: emptyTitle(rows.length === 0, data.unresolved),
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 60, right: 30, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: departments, name: '部门 department' },
      yAxis: { type: 'value', name: '在办 active', minInterval: 1 },
      series: rows.length ? series : []
    }, true);
  }

  function render(data) {
    [silos, latency, ingestion, quarantine, conflicts, unresolved].forEach(function (draw) {
      try { draw(data); } catch (e) { console.error(draw.name, e); }
    });
    document.getElementById('updated').textContent = '更新于 updated ' + new Date(data.at).toLocaleString('zh-CN');
    window.hubStatusRendered = (window.hubStatusRendered || 0) + 1;
  }

  function refresh() {
    // From the origin: a page opened as http://user:password@host/... would make fetch refuse a
    // relative URL that inherits the credentials.
    fetch(location.origin + location.pathname.replace(/\/+$/, '') + '/data', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (data) { document.getElementById('error').hidden = true; render(data); })
      .catch(function (e) {
        var el = document.getElementById('error');
        el.textContent = '无法读取状态 Cannot read the status: ' + e.message;
        el.hidden = false;
      })
      .finally(function () { setTimeout(refresh, REFRESH_MS); });
  }
  refresh();
}());
