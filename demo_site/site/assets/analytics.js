/* Segment's analytics.js snippet as a store pastes it, without the line that loads analytics.js
   from Segment's CDN (the demo never leaves its own origin): calls queue in window.analytics,
   exactly as they do on a real store until analytics.js arrives. */
(function () {
  "use strict";
  var analytics = (window.analytics = window.analytics || []);
  if (analytics.initialize || analytics.invoked) return;
  analytics.invoked = true;
  analytics.methods = ["trackSubmit", "trackClick", "trackLink", "trackForm", "pageview", "identify",
    "reset", "group", "track", "ready", "alias", "debug", "page", "screen", "once", "off", "on",
    "addSourceMiddleware", "addIntegrationMiddleware", "setAnonymousId", "addDestinationMiddleware",
    "register"];
  analytics.factory = function (method) {
    return function () {
      var args = Array.prototype.slice.call(arguments);
      args.unshift(method);
      analytics.push(args);
      return analytics;
    };
  };
  for (var i = 0; i < analytics.methods.length; i++) {
    var key = analytics.methods[i];
    analytics[key] = analytics.factory(key);
  }
  analytics.page();
})();
