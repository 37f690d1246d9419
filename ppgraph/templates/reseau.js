/* Vue du réseau d'acteurs (ppgraph) : construit le graphe vis-network à partir des données
   JSON de la page. Tout texte venu des données est posé avec textContent (jamais innerHTML) ;
   les infobulles sont des éléments DOM, pas du HTML. Aucune requête vers un autre serveur. */
(function () {
  "use strict";

  var racine = document.getElementById("reseau");
  var POLICE = "system-ui, sans-serif";
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
    var item = { id: n.id, label: "", title: infobulle(n), x: n.x, y: n.y,
                 color: couleurNoeud(n), shape: D.formes[n.kind] || "dot", size: n.rayon };
    if (n.kind === "structure") {
      var rang = n.niveau >= 0 ? D.niveaux[n.niveau].rang : null;
      if (rang === null) {
        item.borderWidth = 1;
        item.color.border = "#9aa3ad";
      } else {
        item.borderWidth = 1 + 1.5 * Math.max(0, rang - D.rangPlancher);
        if (rang <= D.rangPlancher) { item.shapeProperties = { borderDashes: [3, 3] }; }
      }
    } else {
      item.font = { color: "#58606b" };
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

  // -- regroupement par département (vue régionale) --------------------------------------------

  var regroupes = {};    // indice de département → identifiant de son nœud de regroupement
  var depDuGroupe = {};  // identifiant d'un nœud de regroupement → indice de département

  function pluriel(formes, n) {
    var un = T.lang === "fr" ? (n >= 0 && n < 2) : n === 1;
    return (un ? formes.one : formes.other).replace("{n}", String(n));
  }

  function boutonPlier(dep) {
    var b = racine.querySelector("button.reseau-plier[data-dep='" + dep + "']");
    if (b) {
      var plie = regroupes[dep] !== undefined;
      b.textContent = plie ? T.deplier : T.replier;
      b.setAttribute("aria-pressed", plie ? "true" : "false");
    }
  }

  function regrouper(dep, silencieux) {
    if (regroupes[dep] !== undefined || !D.deps[dep].code) { return; }
    var membres = vueNoeuds.getIds().filter(function (id) { return D.noeuds[id].dep === dep; });
    if (membres.length < 2) { return; }
    var structures = membres.filter(function (id) { return D.noeuds[id].kind === "structure"; }).length;
    var id = "departement-" + D.deps[dep].code;
    var bulle = el("div", "reseau-infobulle");
    bulle.appendChild(el("strong", null, D.deps[dep].libelle));
    bulle.appendChild(el("p", null, pluriel(T.groupeStructures, structures)));
    bulle.appendChild(el("p", null, T.groupeAide));
    var x = 0, y = 0;
    membres.forEach(function (m) { x += D.noeuds[m].x; y += D.noeuds[m].y; });
    network.cluster({
      joinCondition: function (o) { return D.noeuds[o.id] !== undefined && D.noeuds[o.id].dep === dep; },
      clusterNodeProperties: {
        id: id, label: "", title: bulle, shape: "dot", borderWidth: 2, physics: false,
        x: x / membres.length, y: y / membres.length,
        size: 30 + 12 * Math.sqrt(structures),
        color: { background: "#dce9f0", border: "#0b5a7a",
                 highlight: { background: "#c3dbe8", border: "#000000" },
                 hover: { background: "#c3dbe8", border: "#000000" } },
        font: { face: POLICE, color: "#0b3a52", strokeWidth: 4, strokeColor: "#ffffff",
                multi: false, vadjust: 0 }
      },
      clusterEdgeProperties: { physics: false }
    });
    regroupes[dep] = id;
    depDuGroupe[id] = dep;
    delete montres[id];
    etiquettesGroupes[id] = D.deps[dep].libelle + "\n" + pluriel(T.groupeStructures, structures);
    boutonPlier(dep);
    if (!silencieux) { etiqueter(); }
  }

  // Déplier un département le montre à la place de son rond (sa disposition propre, centrée
  // là), et la vue se cadre sur lui ; « Tout déplier » rend à chacun sa place calculée.
  function deplier(dep, silencieux, enPlace) {
    var id = regroupes[dep];
    if (id === undefined) { return; }
    delete montres[id];
    if (network.body.nodes[id] !== undefined && network.isCluster(id)) {
      var membres = network.getNodesInCluster(id);
      network.openCluster(id, enPlace || silencieux ? undefined : { releaseFunction: function (centre, positions) {
        var cx = 0, cy = 0, n = 0, out = {};
        Object.keys(positions).forEach(function (k) { cx += positions[k].x; cy += positions[k].y; n += 1; });
        Object.keys(positions).forEach(function (k) {
          out[k] = { x: positions[k].x - cx / n + centre.x, y: positions[k].y - cy / n + centre.y };
        });
        return out;
      } });
      if (!silencieux) { network.fit({ nodes: membres, animation: false }); }
    }
    delete regroupes[dep];
    delete depDuGroupe[id];
    delete etiquettesGroupes[id];
    boutonPlier(dep);
    if (!silencieux) { etiqueter(); }
  }

  function toutRegrouper() {
    D.deps.forEach(function (d, dep) { regrouper(dep, true); });
  }

  // -- noms sans chevauchement ---------------------------------------------------------------------
  // Chaque nom est dessiné à une taille fixe à l'écran ; on les place des plus importants
  // (départements regroupés, puis structures, de la plus grande à la plus petite, puis groupes
  // de travail et territoires) aux moins importants, en écartant tout nom qui toucherait un
  // nom déjà placé ou le rond d'un autre nœud. Zoomer libère de la place : d'autres noms
  // apparaissent ; le survol montre toujours l'infobulle.

  var etiquettesGroupes = {};
  var TAILLES_ECRAN = { groupe: 14, structure: 13, externe: 12, travail: 12, territoire: 11 };
  var mesure = document.createElement("canvas").getContext("2d");
  var largeurs = {};
  var montres = {};
  var visibles = 0;

  function largeur(texte, px, gras) {
    var cle = (gras ? "g" : "") + px + "|" + texte;
    if (largeurs[cle] === undefined) {
      mesure.font = (gras ? "bold " : "") + px + "px " + POLICE;
      largeurs[cle] = mesure.measureText(texte).width;
    }
    return largeurs[cle];
  }

  // Un nom long passe sur deux ou trois lignes (coupées entre les mots) : il tient mieux.
  var coupes = {};
  function coupe(texte) {
    if (coupes[texte] !== undefined) { return coupes[texte]; }
    var mots = String(texte).split(" "), lignes = [], ligne = "";
    mots.forEach(function (m) {
      if (ligne && (ligne + " " + m).length > 28) { lignes.push(ligne); ligne = m; }
      else { ligne = ligne ? ligne + " " + m : m; }
    });
    if (ligne) { lignes.push(ligne); }
    coupes[texte] = lignes.join("\n");
    return coupes[texte];
  }

  function priorite(id) {
    if (depDuGroupe[id] !== undefined) { return [0, -1000]; }
    var n = D.noeuds[id];
    if (!n || n.kind === "projet") { return null; }
    if (n.kind === "structure") { return [n.externe ? 2 : 1, -n.rayon]; }
    return [n.kind === "groupe" ? 3 : 4, -n.rayon];
  }

  function etiqueter() {
    var echelle = network.getScale();
    var ids = network.body.nodeIndices.slice();
    var pos = network.getPositions(ids);
    var largeurToile = toile.clientWidth, hauteurToile = toile.clientHeight;
    var ecran = {};
    var ronds = [];
    ids.forEach(function (id) {
      var p = network.canvasToDOM(pos[id]);
      var groupe = depDuGroupe[id] !== undefined;
      var r = (groupe ? network.body.nodes[id].options.size : D.noeuds[id].rayon) * echelle;
      ecran[id] = { x: p.x, y: p.y, r: r };
      // les ronds des structures et des départements regroupés écartent les noms ; les petits
      // carrés des territoires peuvent passer sous un nom
      if (groupe || D.noeuds[id].kind === "structure") {
        ronds.push({ id: id, r: groupe ? Infinity : r, x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r });
      }
    });
    var candidats = ids.map(function (id) { return [id, priorite(id)]; })
      .filter(function (c) { return c[1] !== null; });
    candidats.sort(function (a, b) {
      return (a[1][0] - b[1][0]) || (a[1][1] - b[1][1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    });
    var places = [];
    var nouveaux = {};
    function touche(b) {
      for (var i = 0; i < places.length; i++) {
        var a = places[i];
        if (b.x0 < a.x1 && a.x0 < b.x1 && b.y0 < a.y1 && a.y0 < b.y1) { return true; }
      }
      // un rond plus petit que celui du nœud peut passer sous son nom
      for (var j = 0; j < ronds.length; j++) {
        var c = ronds[j];
        if (c.id !== b.id && c.r >= b.r && b.x0 < c.x1 && c.x0 < b.x1 && b.y0 < c.y1 && c.y0 < b.y1) { return true; }
      }
      return false;
    }
    candidats.forEach(function (c) {
      var id = c[0], groupe = depDuGroupe[id] !== undefined;
      var n = D.noeuds[id];
      var sorte = groupe ? "groupe" : n.kind === "structure" ? (n.externe ? "externe" : "structure")
        : n.kind === "groupe" ? "travail" : "territoire";
      var px = TAILLES_ECRAN[sorte];
      var texte = groupe ? etiquettesGroupes[id] : coupe(n.label);
      var lignes = texte.split("\n");
      var w = Math.max.apply(null, lignes.map(function (l) { return largeur(l, px, groupe); })) + 4;
      var h = lignes.length * px * 1.25 + 2;
      var e = ecran[id];
      // sous le nœud d'abord, sinon au-dessus
      var essais = [{ id: id, r: e.r, x0: e.x - w / 2, x1: e.x + w / 2, y0: e.y + e.r + 1, y1: e.y + e.r + 1 + h, haut: false },
                    { id: id, r: e.r, x0: e.x - w / 2, x1: e.x + w / 2, y0: e.y - e.r - 1 - h, y1: e.y - e.r - 1, haut: true }];
      for (var k = 0; k < essais.length; k++) {
        var boite = essais[k];
        if (boite.x1 < 0 || boite.x0 > largeurToile || boite.y1 < 0 || boite.y0 > hauteurToile) { return; }
        if (groupe || !touche(boite)) {
          places.push(boite);
          // vadjust (unités de la toile) remonte le nom au-dessus du rond
          nouveaux[id] = [px / echelle, boite.haut ? -(2 * e.r + h + 2) / echelle : 0];
          return;
        }
      }
    });
    // ce qui est posé sur chaque nœud est gardé : un nœud caché (filtre, regroupement) garde
    // son nom, comparé au souhaité quand il revient
    ids.forEach(function (id) {
      var voulu = nouveaux[id], pose = montres[id];
      if (voulu === pose || (voulu && pose && voulu[0] === pose[0] && voulu[1] === pose[1])) { return; }
      var groupe = depDuGroupe[id] !== undefined;
      var texte = voulu === undefined ? "" : (groupe ? etiquettesGroupes[id] : coupe(D.noeuds[id].label));
      var changement = { label: texte, font: { size: voulu ? voulu[0] : 12, vadjust: voulu ? voulu[1] : 0,
                                               multi: false } };
      if (groupe) {
        network.clustering.updateClusteredNode(id, changement);
      } else {
        changement.id = id;
        noeuds.update(changement);
      }
      if (voulu === undefined) { delete montres[id]; } else { montres[id] = voulu; }
    });
    visibles = Object.keys(nouveaux).length;
    racine.dataset.etiquettes = String(visibles);
  }

  var attenteEtiquettes = null;
  function etiqueterBientot() {
    if (racine.dataset.etat !== "pret") { return; }
    window.clearTimeout(attenteEtiquettes);
    attenteEtiquettes = window.setTimeout(etiqueter, 120);
  }

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
             font: { face: POLICE, size: 12, color: "#1d232b",
                     strokeWidth: 3, strokeColor: "#ffffff", multi: false } },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.5,
             scaling: { min: 1, max: 9, label: { enabled: false } } }
  };

  var toile = document.getElementById("reseau-toile");
  var etat = document.getElementById("reseau-etat");
  var network = new vis.Network(toile, { nodes: vueNoeuds, edges: vueAretes }, options);
  // vis-network donne le focus à la toile quand la souris la survole (pour le clavier) : sans
  // preventScroll, la page défilait d'elle-même sous la souris.
  Array.prototype.forEach.call(toile.querySelectorAll("[tabindex]"), function (cadre) {
    var focus = cadre.focus;
    cadre.focus = function () { focus.call(cadre, { preventScroll: true }); };
  });

  function pret() {
    if (racine.dataset.etat === "pret") { return; }
    if (D.physique) { network.setOptions({ physics: false }); }
    if (D.grouper) { toutRegrouper(); }
    network.fit({ animation: false });
    etiqueter();
    etat.textContent = "";
    allerA(window.location.hash);
    racine.dataset.etat = "pret";
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
    var groupes = Object.keys(regroupes).map(Number);
    groupes.forEach(function (dep) { deplier(dep, true); });
    vueNoeuds.refresh();
    vueAretes.refresh();
    groupes.forEach(function (dep) { regrouper(dep, true); });
    document.getElementById("reseau-compte").textContent =
      T.visibles.replace("{n}", vueNoeuds.length).replace("{total}", noeuds.length);
    if (racine.dataset.etat === "pret") { etiqueter(); }
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
    etiqueter();
  });
  Array.prototype.forEach.call(racine.querySelectorAll("button.reseau-plier"), function (b) {
    b.addEventListener("click", function () {
      var dep = Number(b.dataset.dep);
      if (regroupes[dep] !== undefined) { deplier(dep); } else { regrouper(dep); }
    });
  });
  var toutDeplier = document.getElementById("reseau-tout-deplier");
  if (toutDeplier) {
    toutDeplier.addEventListener("click", function () {
      Object.keys(regroupes).map(Number).forEach(function (dep) { deplier(dep, true, true); });
      network.fit({ animation: false });
      etiqueter();
    });
    document.getElementById("reseau-tout-replier").addEventListener("click", function () {
      toutRegrouper();
      network.fit({ animation: false });
      etiqueter();
    });
  }

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
    if (regroupes[D.noeuds[id].dep] !== undefined) { deplier(D.noeuds[id].dep); }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    etiqueter();
    montrer(id);
  }

  // Un lien « reseau-23.html#structure-23-OT-001 » (pages « qui fait quoi ») ouvre la vue sur
  // cette structure, sélectionnée, avec ses liens.
  function allerA(fragment) {
    var ancre = String(fragment || "").replace(/^#/, "");
    if (!ancre) { return; }
    for (var i = 0; i < D.noeuds.length; i++) {
      if (D.noeuds[i].ancre === ancre) { aller(i); return; }
    }
  }
  window.addEventListener("hashchange", function () { allerA(window.location.hash); });

  network.on("selectNode", function (p) {
    if (!p.nodes.length) { return; }
    if (network.isCluster(p.nodes[0])) {
      network.unselectAll();
      deplier(depDuGroupe[p.nodes[0]]);
      return;
    }
    montrer(p.nodes[0]);
  });
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

  network.on("zoom", etiqueterBientot);
  network.on("dragEnd", etiqueterBientot);
  network.on("resize", etiqueterBientot);

  rafraichir();
  window.ppgraphReseau = { network: network, noeuds: noeuds, aretes: aretes,
                           vueNoeuds: vueNoeuds, vueAretes: vueAretes, donnees: D,
                           regroupes: regroupes, etiqueter: etiqueter, aller: aller };
}());
