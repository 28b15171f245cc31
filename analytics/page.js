// What the HTML reports' scripts share (analytics/html.py inlines it before each report's own):
// the data in the page, and plotly charts drawn in the page's colours (light or dark).
const REPORT = JSON.parse(document.getElementById("report-data").textContent);
const FIGS = JSON.parse(document.getElementById("figure-data").textContent);
const CONFIG = {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"]};
const $ = (id) => document.getElementById(id);
const num = (v) => v === null ? "-" : v.toLocaleString("en-US");
function themed(figure) {
  const color = getComputedStyle(document.body).color;
  const layout = JSON.parse(JSON.stringify(figure.layout));
  layout.font = Object.assign({}, layout.font, {color});
  return [figure.data, layout];
}
function draw(id, figure) { const [data, layout] = themed(figure); Plotly.react(id, data, layout, CONFIG); }
