// Exit intent: on desktop the pointer leaves the window through its top edge (towards the tab
// bar or the back button); on touch, a quick scroll back up (a "flick to the address bar").

const FLICK_PX = 120; // at least this far up ...
const FLICK_MS = 300; // ... within this long

/** Call `onExit(how)` once per page view ("pointer" or "flick"); returns {reset()}. */
export function onExitIntent(onExit) {
  let fired = false;
  const fire = (how) => {
    if (fired) return;
    fired = true;
    onExit(how);
  };
  document.addEventListener("mouseout", (event) => {
    if (!event.relatedTarget && event.clientY <= 0) fire("pointer");
  }, true);
  let samples = [];
  window.addEventListener("scroll", () => {
    const now = performance.now();
    samples.push([now, window.scrollY]);
    samples = samples.filter(([t]) => now - t <= FLICK_MS);
    const highest = Math.max(...samples.map(([, y]) => y));
    if (highest - window.scrollY >= FLICK_PX && matchMedia("(pointer: coarse)").matches) fire("flick");
  }, { passive: true, capture: true });
  return {
    reset() {
      fired = false;
      samples = [];
    },
  };
}
