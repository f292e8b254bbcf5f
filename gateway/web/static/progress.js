// Live progress without reloading: poll a JSON endpoint and fill the bar and the figures.
// The element carries data-url; fields named by data-field are filled from the JSON.
(function () {
  function poll(box) {
    var url = box.getAttribute("data-url");
    var every = parseInt(box.getAttribute("data-every") || "1000", 10);
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { setTimeout(function () { poll(box); }, every * 3); return; }
        var bar = box.querySelector(".progress > div");
        if (bar) { bar.style.width = (data.percent || 0) + "%"; }
        box.querySelectorAll("[data-field]").forEach(function (el) {
          var v = data[el.getAttribute("data-field")];
          if (v !== undefined && v !== null) { el.textContent = v; }
        });
        // The state changed under the page (paused, resumed, cancelled — here or elsewhere):
        // reload, so the header, the badge and the offered actions follow the live state.
        var shown = box.getAttribute("data-state");
        if (shown && data.state && data.state !== shown) { window.location.reload(); return; }
        if (data.finished) {
          box.setAttribute("data-finished", "1");
          var done = document.querySelector(box.getAttribute("data-reveal") || "#none");
          if (done && box.getAttribute("data-reload") === "1") { window.location.reload(); return; }
          if (done) { done.hidden = false; }
          return;
        }
        setTimeout(function () { poll(box); }, every);
      })
      .catch(function () { setTimeout(function () { poll(box); }, every * 3); });
  }
  document.querySelectorAll("[data-poll]").forEach(poll);
})();
