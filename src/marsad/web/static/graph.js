// Draws a story's who-supports/opposes/accuses-whom graph with the bundled Cytoscape.js.
(function () {
  var box = document.getElementById("graph");
  if (!box || typeof cytoscape === "undefined") { return; }
  var data = JSON.parse(box.getAttribute("data-graph"));
  var colours = { support: "#1e7b34", oppose: "#b42318", accuse: "#b54708" };
  var elements = data.nodes.map(function (n) { return { data: { id: n.id, label: n.label, type: n.type } }; });
  data.edges.forEach(function (e, i) {
    elements.push({ data: { id: "e" + i, source: e.source, target: e.target, kind: e.kind,
      label: (e.negated ? "✗ " : "") + (e.label || e.kind) + (e.count > 1 ? " ×" + e.count : "") } });
  });
  var cy = cytoscape({
    container: box,
    elements: elements,
    layout: { name: "cose", animate: false },
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 13, "background-color": "#0b5cad", color: "#1d2430", "text-valign": "bottom" } },
      { selector: "edge", style: { width: 2, "curve-style": "bezier", "target-arrow-shape": "triangle", label: "data(label)", "font-size": 10,
        "line-color": function (e) { return colours[e.data("kind")] || "#5b6575"; },
        "target-arrow-color": function (e) { return colours[e.data("kind")] || "#5b6575"; } } }
    ]
  });
  cy.on("tap", "node", function (evt) { window.location.href = "/entities/" + encodeURIComponent(evt.target.id()); });
})();
