// "Seen", as the IAB counts a viewable impression: at least half of the snippet in the
// window (or, for one taller than the window, half the window filled by it) for one
// continuous second while the page is visible. A control or holdout is measured the same way
// where its treatment would have been: its slot, or for an overlay one second of the page
// being visible from the decision on.
//
// One IntersectionObserver measures every snippet: its entries come in the order the snippets
// were observed, so snippets in view at the same moment are counted in the order they were
// drawn. (Chromium calls separate observers in no fixed order: with one each, two snippets
// seen together were counted in either order from one page load to the next.)

const SECOND = 1000;
const RATIOS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 1];
const watching = new Map(); // rule -> tracker of this page view
const byElement = new Map(); // observed element -> its trackers
let observer = null;

function observed(entries) {
  for (const entry of entries) {
    for (const tracker of byElement.get(entry.target) || []) tracker.seen(entry);
  }
}

/** Call `onSeen(at, interacted)` once `element` (null: an overlay's control) has been seen.
 * Returns {now(): count it at once (the shopper interacted with it), stop()}. */
export function whenSeen(rule, element, onSeen) {
  let inView = !element;
  let timer = null;
  let done = false;
  const visible = () => document.visibilityState !== "hidden";
  const disarm = () => {
    clearTimeout(timer);
    timer = null;
  };
  const arm = () => {
    if (!done && !timer && inView && visible()) timer = setTimeout(fire, SECOND);
  };
  const onVisibility = () => (visible() ? arm() : disarm());
  const measured = element && "IntersectionObserver" in window;
  function stop() {
    done = true;
    disarm();
    if (measured) {
      const left = byElement.get(element).filter((t) => t !== tracker);
      if (left.length) byElement.set(element, left);
      else {
        byElement.delete(element);
        observer.unobserve(element);
      }
    }
    document.removeEventListener("visibilitychange", onVisibility);
    if (watching.get(rule) === tracker) watching.delete(rule);
  }
  function fire(interacted) {
    if (done) return;
    stop();
    onSeen(Date.now(), interacted === true);
  }
  const tracker = {
    now: () => fire(true),
    stop,
    seen(entry) {
      const viewport = entry.rootBounds ? entry.rootBounds.height : innerHeight;
      inView = entry.isIntersecting && (entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= 0.5 * viewport);
      if (inView) arm();
      else disarm();
    },
  };
  watching.get(rule)?.stop();
  watching.set(rule, tracker);
  document.addEventListener("visibilitychange", onVisibility);
  if (measured) {
    observer = observer || new IntersectionObserver(observed, { threshold: RATIOS });
    byElement.set(element, [...(byElement.get(element) || []), tracker]);
    observer.unobserve(element); // observed anew, so this tracker too gets a first entry
    observer.observe(element);
  } else if (element) inView = true; // no IntersectionObserver: on the page counts as in view
  arm();
  return tracker;
}

/** Stop measuring `rule` (its snippet was withdrawn), or every rule (a new page view). */
export function unseen(rule) {
  for (const [name, tracker] of [...watching]) if (rule === undefined || name === rule) tracker.stop();
}
