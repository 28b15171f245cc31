// Money, date and time patterns for the engine (kairos_engine/formats.py), derived with Intl here,
// in the worker and once per language and currency: the engine never calls Intl, and the main
// thread never pays for Intl's first use (its data tables load lazily, ~15 ms).

const cache = new Map();

function once(key, make) {
  if (!cache.has(key)) {
    let value = null;
    try {
      value = make();
    } catch (_) {
      /* an unknown currency or language: the engine's default pattern is used */
    }
    cache.set(key, value);
  }
  return cache.get(key);
}

/** {prefix, suffix, group, decimal, fraction, grouping: [primary, secondary]} of a currency. */
function moneyPattern(language, currency) {
  const format = new Intl.NumberFormat(language, { style: "currency", currency });
  const out = { prefix: "", suffix: "", group: "", decimal: ".", fraction: 0, grouping: [3, 3] };
  const sizes = [];
  for (const part of format.formatToParts(1234567.891)) {
    if (part.type === "integer") sizes.push(part.value.length);
    else if (part.type === "group") out.group = part.value;
    else if (part.type === "decimal") out.decimal = part.value;
    else if (part.type !== "fraction") out[sizes.length ? "suffix" : "prefix"] += part.value;
  }
  out.fraction = format.resolvedOptions().maximumFractionDigits;
  if (sizes.length > 1) out.grouping = [sizes[sizes.length - 1], sizes.length > 2 ? sizes[sizes.length - 2] : sizes[sizes.length - 1]];
  return out;
}

/** {date: "{month} {day}", months: [12 short names], time: "{hour}:{minute} {period}", hour12, am, pm}. */
function datePattern(language) {
  const UTC = "UTC";
  const day = new Intl.DateTimeFormat(language, { month: "short", day: "numeric", timeZone: UTC });
  const template = (parts, names) => parts.map((p) => (names[p.type] ? `{${names[p.type]}}` : p.value)).join("");
  const months = [];
  for (let month = 0; month < 12; month++) {
    months.push(day.formatToParts(Date.UTC(2030, month, 6)).find((p) => p.type === "month").value);
  }
  const clock = new Intl.DateTimeFormat(language, { hour: "numeric", minute: "2-digit", timeZone: UTC });
  const evening = clock.formatToParts(Date.UTC(2030, 4, 6, 20, 5));
  const period = (parts) => (parts.find((p) => p.type === "dayPeriod") || {}).value;
  return {
    date: template(day.formatToParts(Date.UTC(2030, 4, 6)), { month: "month", day: "day" }),
    months,
    time: template(evening, { hour: "hour", minute: "minute", dayPeriod: "period" }),
    hour12: Boolean(clock.resolvedOptions().hour12),
    am: period(clock.formatToParts(Date.UTC(2030, 4, 6, 9, 5))) || "AM",
    pm: period(evening) || "PM",
  };
}

/** The update with `formats` for its language and every currency it mentions (patterns the
 * update already carries are kept: the shared case file fixes them). */
export function withFormats(update) {
  const language = (update.signals && update.signals["context.language"]) || "en-US";
  const views = [update, update.next].filter(Boolean);
  const currencies = new Set();
  for (const view of views) {
    if (view.product && view.product.currency) currencies.add(view.product.currency);
    if (view.currency) currencies.add(view.currency);
    for (const item of view.viewed || []) if (item && item.currency) currencies.add(item.currency);
  }
  const formats = update.formats || {};
  const money = { ...(formats.money || {}) };
  for (const currency of currencies) {
    if (typeof currency !== "string" || money[currency]) continue;
    const pattern = once(`${language}|${currency}`, () => moneyPattern(language, currency));
    if (pattern) money[currency] = pattern;
  }
  update.formats = { ...formats, money, date: formats.date || once(language, () => datePattern(language)) };
  return update;
}
