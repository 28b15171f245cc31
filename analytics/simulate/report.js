// The HTML report's behaviour (analytics/simulate/html_report.py inlines it): filters by device class
// and shopper type redraw the table and charts from the data in the page; the journey map marks a rule's
// triggers. Nothing is fetched. (REPORT, FIGS, $, num, draw: analytics/page.js.)
const pct = (v) => v === null ? "-" : (v * 100).toFixed(1) + "%";
function key() { return $("device").value + "/" + $("shopper").value; }
function table(k) {
  const rows = REPORT.rules.map((rule) => {
    const f = rule.figures[k];
    const flags = rule.flags.map((x) => `<span class="flag ${["never fires", "over-broad"].includes(x) ? "bad" : ""}">${x}</span>`).join("");
    const bad = rule.flags.includes("never fires") || rule.flags.includes("over-broad");
    return `<tr class="${bad ? "bad" : ""}"><td>${rule.id}</td><td class="text">${flags || "ok"}</td>` +
      `<td class="text">${rule.moment || "-"}</td><td>${pct(f.fired_share)} (${num(f.fired)})</td>` +
      `<td>${pct(f.eligible_share)}</td><td>${num(f.capped)}</td><td>${num(f.priority)} / ${num(f.placement)} / ${num(f.unseen)}</td>` +
      `<td>${num(f.control)} / ${num(f.holdout)}</td>` +
      `<td>${f.shown_per_session === null ? "-" : f.shown_per_session.toFixed(2)}</td>` +
      `<td>${pct(f.precision)}</td><td>${pct(f.recall)}</td>` +
      `<td>${f.delay_s.median === null ? "-" : f.delay_s.median + " s"}</td></tr>`;
  });
  $("rules-body").innerHTML = rows.join("");
  $("filter-sessions").textContent = num(REPORT.sessions[k]) + " sessions";
}
function marks() {
  const k = key(), rule = $("mark").value, figure = FIGS.filters[k].journey;
  const node = figure.data[0].node, hits = (REPORT.journey[k].triggers[rule] || []);
  const counts = new Map(hits);
  const labels = node.label.map((label, i) => counts.has(i) ? `${label}  ◆ ${counts.get(i).toLocaleString("en-US")}` : label);
  const colors = node.color.map((color, i) => rule && !counts.has(i) ? "rgba(150,150,150,0.35)" : (counts.has(i) ? "#c8553d" : color));
  Plotly.restyle("journey", {"node.label": [labels], "node.color": [colors]});
}
function render() {
  const k = key(), figures = FIGS.filters[k];
  table(k);
  draw("shares", figures.shares);
  draw("accuracy", figures.accuracy);
  draw("journey", figures.journey);
  marks();
}
for (const id of ["device", "shopper"]) $(id).addEventListener("change", render);
$("mark").addEventListener("change", marks);
for (const [id, figures] of Object.entries(FIGS.rules)) {
  draw(`breakdown-${id}`, figures.breakdown);
  if (figures.delays) draw(`delays-${id}`, figures.delays);
}
render();
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => { render(); });
