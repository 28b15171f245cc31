// Context read once per page view: device class, language, time zone, referrer, UTM, GPC.

function device() {
  const coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
  const width = Math.min(window.screen.width || innerWidth, window.screen.height || innerHeight);
  if (coarse && width < 600) return "mobile";
  if (coarse) return "tablet";
  return "desktop";
}

function referrerHost() {
  try {
    return document.referrer ? new URL(document.referrer).hostname : null;
  } catch (_) {
    return null;
  }
}

/** The context signals of this page view (see docs/contracts.md). */
export function readContext() {
  const params = new URLSearchParams(location.search);
  return {
    "context.device": device(),
    "context.language": navigator.language || null,
    "context.referrer": referrerHost(),
    "context.utm_source": params.get("utm_source"),
    "context.gpc": navigator.globalPrivacyControl === true,
  };
}

