/* Vue du réseau d'acteurs (ppgraph) : construit le graphe vis-network à partir des données
   JSON de la page. Tout texte venu des données est posé avec textContent (jamais innerHTML) ;
   les infobulles sont des éléments DOM, pas du HTML. Aucune requête vers un autre serveur. */
(function () {
  "use strict";

  var racine = document.getElementById("reseau");
  var D = JSON.parse(document.getElementById("reseau-donnees").textContent);
  var T = D.textes;

  function el(tag, classe, texte) {
    var e = document.createElement(tag);
    if (classe) { e.className = classe; }
    if (texte !== undefined && texte !== null) { e.textContent = String(texte); }
    return e;
  }

  function plier(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/Œ/g, "oe").replace(/æ/g, "ae").toLowerCase();
  }

  function lienSur(url) {
    // Seules les adresses web ordinaires deviennent des liens (jamais javascript: ni data:).
    return /^https?:\/\/[^\s]+$/i.test(url);
  }

  // -- nœuds et liens vis-network ------------------------------------------------------------

  function infobulle(n) {
    var boite = el("div", "reseau-infobulle");
    boite.appendChild(el("strong", null, n.label));
    if (n.details.length) {
      var dl = el("dl");
      n.details.forEach(function (paire) {
        dl.appendChild(el("dt", null, paire[0]));
        dl.appendChild(el("dd", null, paire[1]));
      });
      boite.appendChild(dl);
    }
    if (n.externe) { boite.appendChild(el("p", "reseau-externe", T.externe)); }
    return boite;
  }

  function couleurNoeud(n) {
    if (n.kind === "structure") {
      var c = n.famille >= 0 ? D.familles[n.famille].couleur : D.couleurs.inconnue;
      return { background: c, border: "#1d232b",
               highlight: { background: c, border: "#000000" },
               hover: { background: c, border: "#000000" } };
    }
    var k = D.couleurs[n.kind] || D.couleurs.inconnue;
    return { background: k, border: "#5b636d", highlight: { background: k, border: "#000000" },
             hover: { background: k, border: "#000000" } };
  }

  function noeudVis(n) {
    var item = { id: n.id, label: n.kind === "projet" ? undefined : n.label,
                 title: infobulle(n), x: n.x, y: n.y, color: couleurNoeud(n),
                 shape: D.formes[n.kind] || "dot" };
    if (n.kind === "structure") {
      item.value = n.taille;
      var rang = n.niveau >= 0 ? D.niveaux[n.niveau].rang : null;
      if (rang === null) {
        item.borderWidth = 1;
        item.color.border = "#9aa3ad";
      } else {
        item.borderWidth = 1 + 1.5 * Math.max(0, rang - D.rangPlancher);
        if (rang <= D.rangPlancher) { item.shapeProperties = { borderDashes: [3, 3] }; }
      }
    } else {
      item.size = D.tailles[n.kind] || 8;
      item.font = { size: 11, color: "#58606b" };
    }
    if (n.externe) { item.opacity = 0.45; item.font = { color: "#6b7280" }; }
    return item;
  }

  function lienVis(a, i) {
    var s = D.liens[a.kind] || {};
    var item = { id: i, from: a.from, to: a.to, color: { color: s.couleur, highlight: "#000000",
                 hover: "#000000", opacity: 0.85 },
                 dashes: s.tirets || false, physics: s.physique !== false,
                 arrows: s.fleche ? { to: { enabled: true, scaleFactor: 0.5 } } : undefined,
                 title: el("span", null, s.libelle + (a.poids > 1 ? " (" + a.poids + ")" : "")) };
    if (a.kind === "oriente") { item.value = a.poids; } else { item.width = s.largeur || 1; }
    return item;
  }

  // A node held by no link of the simulation (the regional network, a working group, an
  // isolated structure) stays where the precomputed layout put it, in its département.
  var tenus = {};
  D.aretes.forEach(function (a) {
    if ((D.liens[a.kind] || {}).physique !== false) { tenus[a.from] = true; tenus[a.to] = true; }
  });
  var noeuds = new vis.DataSet(D.noeuds.map(function (n) {
    var item = noeudVis(n);
    if (!tenus[n.id]) { item.physics = false; }
    return item;
  }));
  var aretes = new vis.DataSet(D.aretes.map(lienVis));

  // -- filtres ------------------------------------------------------------------------------

  var masques = { famille: {}, kind: {}, niveau: {}, dep: {}, lien: {} };
  Object.keys(D.liens).forEach(function (k) { if (D.liens[k].cache) { masques.lien[k] = true; } });

  function noeudVisible(item) {
    var n = D.noeuds[item.id];
    if (masques.kind[n.kind]) { return false; }
    if (masques.dep[n.dep]) { return false; }
    if (n.kind === "structure") {
      if (masques.famille[n.famille]) { return false; }
      if (masques.niveau[n.niveau]) { return false; }
    }
    return true;
  }

  function lienVisible(item) {
    var a = D.aretes[item.id];
    return !masques.lien[a.kind];
  }

  var vueNoeuds = new vis.DataView(noeuds, { filter: noeudVisible });
  var vueAretes = new vis.DataView(aretes, { filter: lienVisible });

  var grand = !D.physique;
  var options = {
    autoResize: true,
    layout: { randomSeed: D.graine, improvedLayout: false },
    physics: D.physique ? {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -35, centralGravity: 0.002,
                          springLength: D.noeuds.length > 300 ? 60 : 110,
                          springConstant: 0.06, avoidOverlap: 0.5 },
      maxVelocity: 40, minVelocity: 0.8, timestep: 0.4,
      stabilization: { enabled: true, iterations: D.iterations, updateInterval: 20, fit: true }
    } : false,
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: grand, hideEdgesOnZoom: grand,
                   keyboard: { enabled: true, bindToWindow: false }, navigationButtons: true,
                   multiselect: false },
    nodes: { shape: "dot", borderWidth: 1,
             scaling: { min: 7, max: 32, label: { enabled: true, min: 11, max: 18,
                                                  drawThreshold: 6, maxVisible: 24 } },
             font: { face: "system-ui, sans-serif", size: 12, color: "#1d232b",
                     strokeWidth: 3, strokeColor: "#ffffff", multi: false } },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.5,
             scaling: { min: 1, max: 9, label: { enabled: false } } }
  };

  var toile = document.getElementById("reseau-toile");
  var etat = document.getElementById("reseau-etat");
  var network = new vis.Network(toile, { nodes: vueNoeuds, edges: vueAretes }, options);

  function pret() {
    if (racine.dataset.etat === "pret") { return; }
    if (D.physique) { network.setOptions({ physics: false }); }
    racine.dataset.etat = "pret";
    etat.textContent = "";
  }
  if (D.physique) {
    etat.textContent = T.chargement;
    network.on("stabilizationProgress", function (p) {
      etat.textContent = T.chargement + " " + Math.round(100 * p.iterations / p.total) + " %";
    });
    network.once("stabilizationIterationsDone", pret);
  } else {
    network.once("afterDrawing", pret);
  }

  function rafraichir() {
    vueNoeuds.refresh();
    vueAretes.refresh();
    document.getElementById("reseau-compte").textContent =
      T.visibles.replace("{n}", vueNoeuds.length).replace("{total}", noeuds.length);
  }

  function brancher(selecteur, cle) {
    Array.prototype.forEach.call(racine.querySelectorAll(selecteur), function (boite) {
      boite.addEventListener("change", function () {
        masques[cle][boite.value] = !boite.checked;
        rafraichir();
      });
    });
  }
  brancher("input[data-filtre=famille]", "famille");
  brancher("input[data-filtre=kind]", "kind");
  brancher("input[data-filtre=niveau]", "niveau");
  brancher("input[data-filtre=dep]", "dep");
  brancher("input[data-filtre=lien]", "lien");

  Array.prototype.forEach.call(racine.querySelectorAll("button[data-tous]"), function (bouton) {
    bouton.addEventListener("click", function () {
      var coche = bouton.dataset.tous === "1";
      Array.prototype.forEach.call(
        racine.querySelectorAll("input[data-filtre=" + bouton.dataset.groupe + "]"),
        function (boite) { boite.checked = coche; masques[bouton.dataset.groupe][boite.value] = !coche; });
      rafraichir();
    });
  });

  document.getElementById("reseau-recentrer").addEventListener("click", function () {
    network.fit({ animation: false });
  });

  // -- détails d'un nœud --------------------------------------------------------------------

  var panneau = document.getElementById("reseau-details");
  var details = document.getElementById("reseau-details-contenu");
  function fermer() { panneau.hidden = true; network.unselectAll(); }
  document.getElementById("reseau-fermer").addEventListener("click", fermer);
  var voisins = {};
  D.aretes.forEach(function (a) {
    (voisins[a.from] = voisins[a.from] || []).push({ autre: a.to, kind: a.kind, poids: a.poids, sens: "sortant" });
    (voisins[a.to] = voisins[a.to] || []).push({ autre: a.from, kind: a.kind, poids: a.poids, sens: "entrant" });
  });

  function montrer(id) {
    var n = D.noeuds[id];
    while (details.firstChild) { details.removeChild(details.firstChild); }
    panneau.hidden = false;
    details.appendChild(el("h2", null, n.label));
    var dl = el("dl");
    n.details.forEach(function (paire) {
      dl.appendChild(el("dt", null, paire[0]));
      var dd = el("dd");
      if (paire[0] === T.siteWeb && lienSur(paire[1])) {
        var a = el("a", null, paire[1]);
        a.href = paire[1];
        a.rel = "noopener noreferrer";
        dd.appendChild(a);
      } else {
        dd.textContent = paire[1];
      }
      dl.appendChild(dd);
    });
    details.appendChild(dl);
    if (n.externe) { details.appendChild(el("p", "reseau-externe", T.externe)); }
    var groupes = {};
    (voisins[id] || []).forEach(function (v) {
      var cle = v.kind + ":" + v.sens;
      (groupes[cle] = groupes[cle] || []).push(v);
    });
    Object.keys(groupes).sort().forEach(function (cle) {
      var liste = groupes[cle];
      var s = D.liens[liste[0].kind] || {};
      details.appendChild(el("h3", null, liste[0].sens === "sortant" ? s.libelle : s.inverse));
      var ul = el("ul");
      liste.sort(function (a, b) {
        return (b.poids - a.poids) || D.noeuds[a.autre].label.localeCompare(D.noeuds[b.autre].label, "fr");
      }).forEach(function (v) {
        var li = el("li");
        var bouton = el("button", "reseau-lien-noeud",
                        D.noeuds[v.autre].label + (v.poids > 1 ? " (" + v.poids + ")" : ""));
        bouton.type = "button";
        bouton.addEventListener("click", function () { aller(v.autre); });
        li.appendChild(bouton);
        ul.appendChild(li);
      });
      details.appendChild(ul);
    });
  }

  function aller(id) {
    if (!vueNoeuds.get(id)) { return; }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    montrer(id);
  }

  network.on("selectNode", function (p) { if (p.nodes.length) { montrer(p.nodes[0]); } });
  network.on("deselectNode", function (p) { if (!p.nodes.length) { panneau.hidden = true; } });

  // -- recherche ----------------------------------------------------------------------------

  var champ = document.getElementById("reseau-recherche");
  var resultats = document.getElementById("reseau-resultats");
  var index = D.noeuds.map(function (n) { return plier(n.label); });

  function chercher() {
    while (resultats.firstChild) { resultats.removeChild(resultats.firstChild); }
    var q = plier(champ.value.trim());
    if (!q) { return []; }
    var trouves = [];
    for (var i = 0; i < index.length && trouves.length < 12; i++) {
      if (D.noeuds[i].kind !== "projet" && index[i].indexOf(q) !== -1) { trouves.push(i); }
    }
    if (!trouves.length) { resultats.appendChild(el("li", "reseau-vide", T.aucunResultat)); }
    trouves.forEach(function (id) {
      var li = el("li");
      var bouton = el("button", "reseau-lien-noeud", D.noeuds[id].label);
      bouton.type = "button";
      bouton.addEventListener("click", function () { aller(id); });
      li.appendChild(bouton);
      resultats.appendChild(li);
    });
    return trouves;
  }
  champ.addEventListener("input", chercher);
  champ.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      e.preventDefault();
      var trouves = chercher();
      if (trouves.length) { aller(trouves[0]); }
    }
  });

  // -- tableau des structures (accessible sans souris), construit à la demande ------------------

  var liste = document.getElementById("reseau-liste");
  liste.addEventListener("toggle", function () {
    var conteneur = document.getElementById("reseau-tableau");
    if (!liste.open || conteneur.firstChild) { return; }
    var table = el("table", "reseau-table");
    var tete = el("tr");
    T.colonnes.forEach(function (c) { var th = el("th", null, c); th.scope = "col"; tete.appendChild(th); });
    var thead = el("thead"); thead.appendChild(tete); table.appendChild(thead);
    var corps = el("tbody");
    D.noeuds.filter(function (n) { return n.kind === "structure"; })
      .sort(function (a, b) { return a.depCode.localeCompare(b.depCode) || a.label.localeCompare(b.label, "fr"); })
      .forEach(function (n) {
        var tr = el("tr");
        var th = el("th", null, n.label); th.scope = "row"; tr.appendChild(th);
        [n.type, n.niveau >= 0 ? D.niveaux[n.niveau].libelle : T.niveauInconnu, n.depCode,
         n.recues, n.envoyees].forEach(function (v) { tr.appendChild(el("td", null, v)); });
        corps.appendChild(tr);
      });
    table.appendChild(corps);
    conteneur.appendChild(table);
  });

  rafraichir();
  window.ppgraphReseau = { network: network, noeuds: noeuds, aretes: aretes,
                           vueNoeuds: vueNoeuds, vueAretes: vueAretes, donnees: D };
}());
