// The events of a snippet's life, in one versioned schema (docs/contracts.md, Events): exposure
// (seen), click, dismiss, conversion and answer. Each is dispatched on window as
// `kairos:<type>`, pushed to dataLayer in GA4's shape (exposures also as GA4's recommended
// `experience_impression`), and queued for the sink when the store configured one.

import { readContext } from "../page/context.js";
import { makeSink } from "./sink.js";

const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, "0")).join("");

const GA4 = {
  exposure: (e) => [
    { event: "kairos_exposure", kairos_rule: e.rule, kairos_variant: e.variant, kairos_snippet: e.snippet,
      kairos_placement: e.placement },
    { event: "experience_impression", exp_variant_string: `KAIROS-${e.rule}-${e.variant || "default"}` },
  ],
  click: (e) => [{ event: "kairos_click", kairos_rule: e.rule, kairos_variant: e.variant, kairos_target: e.target }],
  dismiss: (e) => [{ event: "kairos_dismiss", kairos_rule: e.rule, kairos_variant: e.variant }],
  conversion: (e) => [{ event: "kairos_conversion", kairos_rule: e.rule, kairos_variant: e.variant,
    kairos_event: e.event, value: e.value, currency: e.currency }],
  answer: (e) => [{ event: "kairos_answer", kairos_rule: e.rule, kairos_variant: e.variant,
    kairos_question: e.question, kairos_answer: e.answer }],
};

/** The page view's id for events (random, kept on the view object). */
export function pageviewId(view) {
  return view.id || (view.id = randomId());
}

/** {record(type, about, view, history, extra)}: build, dispatch and send one event. `about` is
 * the decision (or last exposure) it concerns; `history` the stored record at that moment. */
export function makeEvents({ emit, setting, consent, mode }) {
  const sink = makeSink({ setting, consent, mode });
  function record(type, about, view, history, extra) {
    const session = history.sessions[history.sessions.length - 1];
    const context = view.context || (view.context = readContext());
    const event = {
      v: 1, type, id: randomId(), ts: Date.now(),
      rule: about.rule, snippet: about.snippet, variant: about.variant ?? null,
      placement: about.placement, slot: about.slot ?? null,
      visitor: history.visitor, session: session ? session.id : null, pageview: pageviewId(view),
      page_type: view.type, device: context["context.device"], returning: history.sessions.length > 1,
      qa: Boolean(about.qa), product: view.product ? view.product.id : null,
      ...extra,
    };
    emit(type, event);
    const layer = (window.dataLayer = window.dataLayer || []);
    // A QA link's events (build --qa) say so everywhere, so that reports can leave them out.
    for (const push of GA4[type](event)) layer.push(event.qa ? { ...push, kairos_qa: true } : push);
    sink.add(event);
    return event;
  }
  return { record, flush: () => sink.flush(), clear: () => sink.clear() };
}
