/* newstrace web UI: graph pan and zoom, and opening a pair view at a passage. */
(function () {
  "use strict";
  function setupGraph(svg) {
    var w = Number(svg.dataset.w), h = Number(svg.dataset.h);
    var box = { x: 0, y: 0, w: w, h: h }, drag = null, moved = false;
    function apply() { svg.setAttribute("viewBox", [box.x, box.y, box.w, box.h].join(" ")); }
    function point(ev) {
      var r = svg.getBoundingClientRect();
      return { x: box.x + (ev.clientX - r.left) / r.width * box.w, y: box.y + (ev.clientY - r.top) / r.height * box.h };
    }
    function zoom(f, at) {
      if (f === 0) { box = { x: 0, y: 0, w: w, h: h }; apply(); return; }
      var nw = Math.min(Math.max(box.w / f, w / 40), w * 4), k = nw / box.w;
      at = at || { x: box.x + box.w / 2, y: box.y + box.h / 2 };
      box = { x: at.x - (at.x - box.x) * k, y: at.y - (at.y - box.y) * k, w: nw, h: box.h * k };
      apply();
    }
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      zoom(ev.deltaY < 0 ? 1.2 : 1 / 1.2, point(ev));
    }, { passive: false });
    svg.addEventListener("pointerdown", function (ev) {
      drag = { x: ev.clientX, y: ev.clientY, bx: box.x, by: box.y }; moved = false;
    });
    window.addEventListener("pointermove", function (ev) {
      if (!drag) { return; }
      var r = svg.getBoundingClientRect(), dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) { moved = true; svg.classList.add("dragging"); }
      box.x = drag.bx - dx / r.width * box.w; box.y = drag.by - dy / r.height * box.h; apply();
    });
    window.addEventListener("pointerup", function () { drag = null; svg.classList.remove("dragging"); });
    svg.addEventListener("click", function (ev) { if (moved) { ev.preventDefault(); moved = false; } }, true);
    document.querySelectorAll("[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () { zoom(Number(b.dataset.zoom)); });
    });
  }
  var g = document.getElementById("graph");
  if (g) { setupGraph(g); }
  var m = /^#p-(\d+)$/.exec(location.hash);
  var row = m && document.getElementById("p-" + m[1]);
  if (row) {
    var go = document.querySelector('.pair [data-goto="' + row.dataset.num + '"]');
    if (go) { setTimeout(function () { go.click(); row.classList.add("current"); }, 50); }
  }
})();
