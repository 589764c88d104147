// Progressive: the screen works without this. It counts the time left down every second
// and tells the agent the visitor is busy (a tap or a key), so the idle warning waits.
(function () {
  var left = document.getElementById("time-left");
  if (left) {
    var ends = Number(left.dataset.ends), offset = Number(left.dataset.now) - Date.now();
    var text = left.textContent;
    setInterval(function () {
      var minutes = Math.max(0, Math.ceil((ends - (Date.now() + offset)) / 60000));
      left.textContent = text.replace(/\d+/, String(minutes));
    }, 1000);
  }
  var last = 0;
  function busy() {
    var now = Date.now();
    if (now - last < 10000 || !document.body.dataset.phase || document.body.dataset.phase === "idle") return;
    last = now;
    fetch("/input", { method: "POST" }).catch(function () {});
  }
  document.addEventListener("pointerdown", busy);
  document.addEventListener("keydown", busy);
  // A page that shows a state the agent has left (a warning that timed out) follows it.
  setInterval(function () {
    fetch("/status.json").then(function (r) { return r.json(); }).then(function (s) {
      if (s.phase !== document.body.dataset.phase) location.reload();
    }).catch(function () {});
  }, 2000);
})();
