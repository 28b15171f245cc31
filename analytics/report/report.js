// The lift report's behaviour (analytics/report/html_report.py inlines it): the visitors filter
// (all, a device class, new or returning) redraws the tables and charts from the data in the
// page. Nothing is fetched. (REPORT, FIGS, $, num, draw: analytics/page.js.)
const METRIC = REPORT.settings.metric;
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"})[c]);
const pct = (v, signed) => v === null || v === undefined ? "-" :
  (signed && v > 0 ? "+" : "") + (v * 100).toFixed(Math.abs(v) >= 0.095 || v === 0 ? 0 : 1).replace("-", "−") + "%";
const money = (v) => v === null ? "-" : v.toLocaleString("en-US", {minimumFractionDigits: 2, maximumFractionDigits: 2});
function groupsAt(rule, key) {
  if (key === "all") return rule.groups;
  const [dimension, value] = key.split(":");
  return rule.segments[dimension][value] || [];
}
function liftCell(group, key, voided) {
  if (group.baseline) return ["baseline", ""];
  const lift = group.lift && group.lift[METRIC];
  if (!lift) return ["-", ""];
  const p = key === "all" && lift.p_adjusted !== null ? lift.p_adjusted : lift.p;
  const significant = key === "all" ? lift.significant : lift.p < 0.05;
  const cls = significant && !voided ? (lift.estimate > 0 ? "up" : "down") : "";  // SRM voids the colour
  return [`<span class="${cls}">${pct(lift.estimate, true)}</span> <span class="note">(${pct(lift.ci[0], true)} to ${pct(lift.ci[1], true)})</span>`,
    p < 0.001 ? "&lt;0.001" : p.toFixed(3)];
}
function tables(key) {
  REPORT.rules.forEach((rule, i) => {
    const rows = groupsAt(rule, key).map((g) => {
      const [lift, p] = liftCell(g, key, rule.srm.flagged);
      const share = pct(g.share) + (g.expected_share === null ? "" : " / " + pct(g.expected_share));
      return `<tr class="${g.baseline ? "baseline" : ""}"><td>${esc(g.variant)}</td><td>${num(g.visitors)}</td>` +
        `<td>${lift}</td><td>${p}</td><td>${share}</td><td>${pct(g.ctr)}</td><td>${pct(g.add_to_cart.rate)}</td>` +
        `<td>${pct(g.purchase.rate)}</td><td>${money(g.revenue.per_visitor)}</td></tr>`;
    });
    $(`groups-${i}`).innerHTML = rows.join("") || `<tr><td colspan="9" class="text">no visitors in this segment</td></tr>`;
  });
  for (const head of document.querySelectorAll(".p-head")) head.textContent = key === "all" ? "p (Holm)" : "p (raw)";
  $("segment-note").textContent = key === "all" ? "" : "breakdown: p-values and shares within the segment, uncorrected";
}
function render() {
  const key = $("segment").value, figures = FIGS.segments[key];
  tables(key);
  draw("forest", figures.forest);
  draw("rates", figures.rates);
}
function drawStatic() {
  draw("split", FIGS.split);
  REPORT.rules.forEach((rule, i) => { if (FIGS.answers[rule.id]) draw(`answers-${i}`, FIGS.answers[rule.id]); });
}
$("segment").addEventListener("change", render);
render();
drawStatic();
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => { render(); drawStatic(); });
