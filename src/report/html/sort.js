// Sortable tables: click a header; the sort is kept in the address (#sort=TABLE:KEY:DIR), so a
// sorted view can be bookmarked and reopened.
(function () {
  "use strict";
  function key(td) {
    var v = td.getAttribute("data-v");
    return v === null ? td.textContent.trim().toLowerCase() : v.toLowerCase();
  }
  function sort(table, column, dir) {
    var heads = table.tHead.rows[0].cells;
    var th = heads[column];
    var numeric = th.getAttribute("data-type") === "number";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = key(r1.cells[column]);
      var b = key(r2.cells[column]);
      var c = numeric ? parseFloat(a) - parseFloat(b) : a < b ? -1 : a > b ? 1 : 0;
      return dir === "asc" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    for (var i = 0; i < heads.length; i++) {
      heads[i].setAttribute("aria-sort", i === column ? (dir === "asc" ? "ascending" : "descending") : "none");
    }
  }
  function columnOf(table, name) {
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].getAttribute("data-key") === name) { return i; }
    }
    return -1;
  }
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.querySelector("button").addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "desc" : "asc";
        sort(table, i, dir);
        var name = table.id.replace(/-table$/, "");
        try {
          history.replaceState(null, "", "#sort=" + name + ":" + th.getAttribute("data-key") + ":" + dir);
        } catch (e) { /* a page opened from a mail client may not have a history */ }
      });
    });
  });
  var wanted = /^#sort=([a-z-]+):([a-z_]+):(asc|desc)$/.exec(location.hash);
  if (wanted) {
    var table = document.getElementById(wanted[1] + "-table");
    var column = table ? columnOf(table, wanted[2]) : -1;
    if (column >= 0) { sort(table, column, wanted[3]); }
  }
})();
