// Loket's session bar on a service's pages (DigiD, Toeslagen, …): the time left, the way
// back to the kiosk screen and "Stop", and the kiosk's warning over the page when the
// session is about to end. A tap or a key on the page tells the kiosk the visitor is busy.
// Its texts come from the kiosk screen (in the visitor's language); it keeps nothing.
(function () {
  if (window.top !== window || document.getElementById("loket-session-bar")) return;
  var host = document.createElement("div");
  host.id = "loket-session-bar";
  host.dataset.extension = chrome.runtime.id;
  var shadow = host.attachShadow({ mode: "open" });
  shadow.innerHTML =
    '<style>' +
    ':host { all: initial; }' +
    '.bar { position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483647; display: flex; flex-wrap: wrap;' +
    ' gap: 0.5em; align-items: center; justify-content: space-between; padding: 0.4em 1em; background: #00457a;' +
    ' color: #fff; font: 20px/1.4 "DejaVu Sans", sans-serif; }' +
    '.bar p { margin: 0; font-weight: bold; }' +
    'button { font: inherit; min-height: 2.4em; padding: 0.2em 1em; border: 2px solid #fff; border-radius: 0.3em;' +
    ' background: #fff; color: #1a1a1a; cursor: pointer; }' +
    'button:focus-visible { outline: 4px solid #ffbf47; outline-offset: 2px; }' +
    '.warning { position: fixed; inset: 0; z-index: 2147483647; display: flex; align-items: center;' +
    ' justify-content: center; background: rgba(0, 0, 0, 0.6); font: 24px/1.5 "DejaVu Sans", sans-serif; }' +
    '.warning div { max-width: 30em; margin: 1em; padding: 1.5em; background: #fff4d6; color: #4a3300;' +
    ' border: 4px solid #4a3300; }' +
    '.warning button { border-color: #00457a; background: #00457a; color: #fff; }' +
    '[hidden] { display: none !important; }' +
    '</style>' +
    '<div class="warning" hidden><div role="alert" aria-live="assertive"><p class="text"></p>' +
    '<button type="button" class="continue"></button></div></div>' +
    '<div class="bar" role="region"><p class="time" aria-live="off"></p><span>' +
    '<button type="button" class="back"></button> <button type="button" class="end"></button></span></div>';
  var bar = shadow.querySelector(".bar"), time = shadow.querySelector(".time");
  var warning = shadow.querySelector(".warning"), warningText = shadow.querySelector(".text");
  var back = shadow.querySelector(".back"), end = shadow.querySelector(".end");
  var keepGoing = shadow.querySelector(".continue");
  var kiosk = null, shown = false;

  function send(kind) {
    return new Promise(function (resolve) {
      try { chrome.runtime.sendMessage({ kind: kind }, function (answer) { resolve(answer || {}); }); }
      catch (e) { resolve({}); }
    });
  }
  function home() { if (kiosk) location.href = kiosk; }

  back.addEventListener("click", home);
  end.addEventListener("click", function () { send("end").then(home); });
  keepGoing.addEventListener("click", function () { send("continue").then(refresh); });

  var lastInput = 0;
  function busy() {
    var now = Date.now();
    if (now - lastInput < 10000) return;
    lastInput = now;
    send("input");
  }
  document.addEventListener("pointerdown", busy, true);
  document.addEventListener("keydown", busy, true);

  function refresh() {
    send("status").then(function (s) {
      if (s.kiosk) kiosk = s.kiosk;
      if (s.phase === "active" || s.phase === "warning") {
        if (!shown) {
          document.documentElement.appendChild(host);
          document.documentElement.style.paddingBottom = "4em";
          shown = true;
        }
        bar.setAttribute("aria-label", s.text_bar || "");
        time.textContent = s.text_time_left || "";
        back.textContent = s.text_back || "";
        end.textContent = s.text_end || "";
        var warn = s.phase === "warning";
        if (warn && warning.hidden) {
          warning.hidden = false;
          keepGoing.hidden = s.can_continue !== "true";
          keepGoing.textContent = s.text_continue || "";
          if (!keepGoing.hidden) keepGoing.focus();
        }
        if (warn) warningText.textContent = s.text_warning || "";
        if (!warn) warning.hidden = true;
      } else if (s.phase !== "unreachable") {
        // The session is over (or was never on): this visitor's page must not stay.
        home();
      }
    });
  }
  refresh();
  setInterval(refresh, 1000);
})();
