// Loket's session bar, the extension's worker: the only part that talks to the kiosk
// screen on loopback (its host permission), for the bar on every service page. It sends
// nothing else anywhere.
const KIOSK = "__KIOSK_URL__";
const ACTIONS = ["input", "continue", "end"];

chrome.runtime.onMessage.addListener(function (message, sender, reply) {
  var request;
  if (message && message.kind === "status") {
    request = fetch(KIOSK + "status.json", { cache: "no-store" }).then(function (r) { return r.json(); });
  } else if (message && ACTIONS.indexOf(message.kind) >= 0) {
    request = fetch(KIOSK + message.kind, { method: "POST" }).then(function () { return {}; });
  } else {
    reply({ error: "unknown message" });
    return false;
  }
  request.then(function (answer) { answer.kiosk = KIOSK; reply(answer); },
               function () { reply({ phase: "unreachable", kiosk: KIOSK }); });
  return true;  // the reply comes later
});
