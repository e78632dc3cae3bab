// The reviewer console: one item at a time from GET /v1/queue, a label with one click or key, the live panel
// from GET /v1/stats. The token stays in this tab's session storage and goes only to this gateway.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  let token = sessionStorage.getItem("triage-token");
  let me = null;
  let queue = [];
  let current = null;
  let busy = false;

  async function api(method, path, body) {
    const r = await fetch(path, {
      method,
      headers: Object.assign({ Authorization: "Bearer " + token },
        body ? { "Content-Type": "application/json" } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    let data = {};
    try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { error: "bad-answer", message: text }; }
    if (!r.ok) { const err = new Error(data.message || r.statusText); err.status = r.status; err.code = data.error; throw err; }
    return data;
  }

  function text(el, value) { el.textContent = value; }

  function show(item) {
    current = item;
    $("empty").hidden = item !== null;
    $("card").hidden = item === null;
    text($("status"), "");
    if (!item) return;
    text($("record-id"), item.recordId);
    text($("model"), item.model);
    text($("deadline"), new Date(item.deadline).toLocaleTimeString());
    const body = $("features").querySelector("tbody");
    body.replaceChildren();
    const features = item.features && typeof item.features === "object" ? item.features : { record: item.features };
    for (const [k, v] of Object.entries(features)) {
      const tr = document.createElement("tr");
      const a = document.createElement("td"); a.textContent = k;
      const b = document.createElement("td"); b.textContent = typeof v === "object" ? JSON.stringify(v) : String(v);
      tr.append(a, b); body.append(tr);
    }
    const p = item.prediction;
    $("prediction").hidden = !p;
    $("blind").hidden = !!p;
    if (p) {
      text($("predicted"), p.label);
      text($("confidence"), (100 * p.confidence).toFixed(0) + "%");
    }
    contributions(p && p.contributions ? p.contributions : []);
    const choices = $("choices");
    choices.replaceChildren();
    item.classes.forEach((c, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "choice";
      b.dataset.label = c;
      b.textContent = c;
      if (i < 9) { const k = document.createElement("kbd"); k.textContent = String(i + 1); b.append(k); }
      b.addEventListener("click", () => answer({ label: c }));
      choices.append(b);
    });
  }

  // One row per term: its label, a bar as long as its share of the largest, its signed size.
  function contributions(list) {
    const ol = $("contributions");
    ol.replaceChildren();
    $("why").hidden = list.length === 0;
    const largest = Math.max(...list.map((c) => Math.abs(c.value)), 1e-12);
    for (const c of list) {
      const li = document.createElement("li");
      li.className = c.value >= 0 ? "toward" : "against";
      const label = document.createElement("span"); label.className = "why-label"; label.textContent = c.label;
      const bar = document.createElement("span"); bar.className = "bar";
      const fill = document.createElement("span"); fill.style.width = (100 * Math.abs(c.value) / largest).toFixed(0) + "%";
      bar.append(fill);
      const value = document.createElement("span"); value.className = "why-value";
      value.textContent = (c.value >= 0 ? "+" : "−") + Math.abs(c.value).toFixed(2);
      li.append(label, bar, value);
      ol.append(li);
    }
  }

  async function next() {
    if (queue.length === 0) {
      try {
        const data = await api("GET", "/v1/queue?limit=10");
        queue = data.items;
      } catch (e) { text($("status"), e.message); queue = []; }
    }
    show(queue.shift() || null);
    if (!current) setTimeout(next, 1000);
  }

  async function answer(what) {
    if (!current || busy) return;
    busy = true;
    const item = current;
    try {
      await api("POST", "/v1/labels", Object.assign({ model: item.model, recordId: item.recordId }, what));
      if (what.label) {
        const n = Number($("stat-mine").textContent) || 0; text($("stat-mine"), String(n + 1));
        showLast(item, what.label);
      }
    } catch (e) {
      // gone meanwhile (labeled, expired, or its lease ran out and someone else took it): go on
      text($("status"), e.message);
    } finally {
      busy = false;
    }
    await next();
  }

  // The last answer, which the reviewer may change within the job's correction window: the gateway sends the
  // change as a correction, and the job amends the decision.
  function showLast(item, label) {
    $("last").hidden = false;
    text($("last-id"), item.recordId);
    text($("last-label"), label);
    text($("last-status"), "");
    const box = $("last-choices");
    box.replaceChildren();
    item.classes.filter((c) => c !== label).forEach((c) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "correct";
      b.dataset.label = c;
      b.textContent = c;
      b.addEventListener("click", async () => {
        try {
          await api("POST", "/v1/labels", { model: item.model, recordId: item.recordId, label: c });
          showLast(item, c);
          text($("last-status"), "changed");
        } catch (e) { text($("last-status"), e.message); }
      });
      box.append(b);
    });
  }

  function percent(v) { return typeof v === "number" ? (100 * v).toFixed(1) + "%" : "–"; }

  async function stats() {
    try {
      const s = await api("GET", "/v1/stats");
      let waiting = 0, oldest = 0, auto = null, precision = null;
      for (const m of Object.values(s.models)) {
        waiting += m.waiting; oldest = Math.max(oldest, m.oldestAgeMs);
        if (typeof m.automationRate === "number") auto = m.automationRate;
        if (typeof m.estimatedPrecision === "number") precision = m.estimatedPrecision;
      }
      text($("stat-waiting"), String(waiting));
      text($("stat-oldest"), waiting ? Math.round(oldest / 1000) + " s" : "–");
      text($("stat-automation"), percent(auto));
      text($("stat-precision"), percent(precision));
      const mine = s.reviewers[s.you];
      text($("stat-mine"), String(mine ? mine.labelsToday : 0));
    } catch (e) { /* the next poll tries again */ }
  }

  async function signIn(t) {
    token = t;
    try {
      const s = await api("GET", "/v1/stats");
      me = s.you;
    } catch (e) {
      text($("signin-error"), e.status === 401 ? "That token is not valid here." : e.message);
      sessionStorage.removeItem("triage-token");
      return;
    }
    sessionStorage.setItem("triage-token", token);
    text($("who"), me);
    $("signin").hidden = true;
    $("work").hidden = false;
    stats();
    setInterval(stats, 2000);
    next();
  }

  document.addEventListener("keydown", (e) => {
    if (!current || e.target.tagName === "INPUT" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "s") { answer({ skip: true, reason: "skipped in the console" }); return; }
    const i = Number(e.key) - 1;
    if (i >= 0 && i < Math.min(9, current.classes.length)) answer({ label: current.classes[i] });
  });
  $("skip").addEventListener("click", () => answer({ skip: true, reason: "skipped in the console" }));
  $("signin-form").addEventListener("submit", (e) => { e.preventDefault(); signIn($("token").value.trim()); });
  if (token) signIn(token);
})();
