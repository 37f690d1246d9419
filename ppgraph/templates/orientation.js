/* Page « Orientation » du site ppgraph : répond dans le navigateur, sans connexion, à la
   question « orientation » (ppgraph query orientation) à partir des données JSON de la page.
   Le calcul suit queries/questions/orientation.rq pas à pas (un test le compare à la ligne
   de commande sur un échantillon de cas). Tout texte venu des données est posé avec
   textContent (jamais innerHTML). Aucune requête vers un autre serveur. */
(function () {
  "use strict";

  var D = JSON.parse(document.getElementById("orientation-donnees").textContent);
  var T = D.textes;

  function el(tag, classe, texte) {
    var e = document.createElement(tag);
    if (classe) { e.className = classe; }
    if (texte !== undefined && texte !== null) { e.textContent = String(texte); }
    return e;
  }

  function vider(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }

  // -- la réponse (comme orientation.rq) ------------------------------------------------------

  function ensemble(liste) {
    var s = {};
    liste.forEach(function (i) { s[i] = true; });
    return s;
  }

  function apres(cle) { return cle.slice(cle.indexOf("|") + 1); }

  /* La réponse pour le territoire, le type de projet et l'étape d'indices ti, yi, ei : les
     lignes de « ppgraph query orientation », dans son ordre, avec les mêmes colonnes. */
  function repondre(ti, yi, ei) {
    var couvre = ensemble(D.couvertures[D.territoires[ti][5]]);
    var types = ensemble(D.types[yi][3]);
    var etapes = ensemble(D.etapes[ei][3]);
    var groupes = {};
    D.offres.forEach(function (o) {
      var couverts = o[1].filter(function (i) { return couvre[i]; });
      if (!couverts.length) { return; }
      if (o[4] && !o[4].some(function (c) { return types[c]; })) { return; }
      if (o[5] && !o[5].some(function (e) { return etapes[e]; })) { return; }
      var g = groupes[o[0]];
      if (!g) {
        g = groupes[o[0]] = { s: o[0], distance: Infinity, echelle: null, rang: -Infinity,
                              niveau: null, raisons: {} };
      }
      couverts.forEach(function (i) {
        var servi = D.servis[i];
        var cle = servi[1] + "|" + servi[0];
        if (g.echelle === null || cle < g.echelle) { g.echelle = cle; }
        g.distance = Math.min(g.distance, servi[1]);
      });
      var niveau = o[2] + "|" + o[3];
      if (g.niveau === null || niveau > g.niveau) { g.niveau = niveau; }
      g.rang = Math.max(g.rang, parseFloat(o[2]));
      o[6].forEach(function (x) {
        if ((x[0] < 0 || types[x[0]]) && (x[1] < 0 || etapes[x[1]])) { g.raisons[x[2]] = true; }
      });
    });
    var lignes = Object.keys(groupes).map(function (k) { return groupes[k]; });
    lignes.sort(function (a, b) {
      if (a.distance !== b.distance) { return a.distance - b.distance; }
      if (a.rang !== b.rang) { return b.rang - a.rang; }
      var na = D.structures[a.s][1], nb = D.structures[b.s][1];
      if (na !== nb) {
        if (na === null) { return -1; }
        if (nb === null) { return 1; }
        return na < nb ? -1 : 1;
      }
      var ia = D.structures[a.s][2], ib = D.structures[b.s][2];
      return ia < ib ? -1 : (ia > ib ? 1 : 0);
    });
    return lignes.map(function (g) {
      var s = D.structures[g.s];
      return {
        structure: s[0], typeStructure: s[3], echelle: apres(g.echelle), niveau: apres(g.niveau),
        pourquoi: Object.keys(g.raisons).map(Number).sort(function (a, b) { return a - b; })
          .map(function (i) { return D.raisons[i]; }),
        courriel: s[4] || null, telephone: s[5] || null, siteWeb: s[6] || null, fiche: s[7] || null
      };
    });
  }

  // -- recherche du territoire ----------------------------------------------------------------

  var ABREVIATIONS = { st: "saint", ste: "sainte", sts: "saints", stes: "saintes" };

  function cle(texte) {
    var s = String(texte).normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/Œ/g, "oe").replace(/æ/g, "ae").replace(/Æ/g, "ae")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
    return s ? s.split(" ").map(function (m) { return ABREVIATIONS[m] || m; }).join(" ") : "";
  }

  var index = D.territoires.map(function (t) {
    var k = cle(t[0]);
    return { cle: k, mots: k.split(" ") };
  });

  /* Les territoires qui répondent à ce qui est tapé, les meilleurs d'abord : nom exact, nom
     qui commence ainsi, chaque mot tapé au début d'un mot du nom, puis le nom qui le
     contient ; un code INSEE ou SIREN par son début. À égalité : communes, puis
     intercommunalités et départements, les plus peuplés d'abord. */
  function chercher(texte, max) {
    var q = cle(String(texte).replace(/\s*\([^()]*\)\s*$/, "")) || cle(texte);
    if (!q) { return []; }
    var tapes = q.split(" ");
    var chiffres = /^[0-9ab ]+$/.test(q) && /[0-9]/.test(q) ? q.replace(/ /g, "") : null;
    var trouves = [];
    D.territoires.forEach(function (t, i) {
      var x = index[i], score = -1;
      if (x.cle === q) { score = 0; }
      else if (x.cle.indexOf(q) === 0) { score = 1; }
      else if (tapes.every(function (m) {
        return x.mots.some(function (w) { return w.indexOf(m) === 0; });
      })) { score = 2; }
      else if (x.cle.indexOf(q) >= 0) { score = 3; }
      if (chiffres) {
        var code = t[1].toLowerCase();
        if (code === chiffres) { score = 0; } else if (code.indexOf(chiffres) === 0 && score < 0) { score = 1; }
      }
      if (score >= 0) { trouves.push([score, i]); }
    });
    trouves.sort(function (a, b) {
      var ta = D.territoires[a[1]], tb = D.territoires[b[1]];
      return (a[0] - b[0]) || (ta[2] - tb[2]) || (tb[4] - ta[4]) ||
        (ta[0] < tb[0] ? -1 : ta[0] > tb[0] ? 1 : 0);
    });
    return trouves.slice(0, max || 8).map(function (x) { return x[1]; });
  }

  function nomTerritoire(i) {
    var t = D.territoires[i];
    return t[0] + " (" + t[1] + ")";
  }

  // -- le formulaire --------------------------------------------------------------------------

  var formulaire = document.getElementById("orientation");
  var champ = document.getElementById("o-territoire");
  var liste = document.getElementById("o-suggestions");
  var choixType = document.getElementById("o-type");
  var choixEtape = document.getElementById("o-etape");
  var reponse = document.getElementById("o-reponse");
  var attente = document.getElementById("o-attente");
  var resultat = document.getElementById("o-resultat");
  var choisi = null;
  var proposes = [];
  var actif = -1;

  function indiceDe(liste, code) {
    for (var i = 0; i < liste.length; i++) { if (liste[i][0] === code) { return i; } }
    return -1;
  }

  function fermer() {
    liste.hidden = true;
    champ.setAttribute("aria-expanded", "false");
    champ.removeAttribute("aria-activedescendant");
    actif = -1;
  }

  function surligner(n) {
    actif = n;
    Array.prototype.forEach.call(liste.children, function (li, i) {
      li.setAttribute("aria-selected", i === n ? "true" : "false");
    });
    if (n >= 0 && liste.children[n] && liste.children[n].id) {
      champ.setAttribute("aria-activedescendant", liste.children[n].id);
    }
  }

  function proposer() {
    vider(liste);
    choisi = null;
    proposes = chercher(champ.value, 8);
    if (!champ.value.trim()) { fermer(); afficher(); return; }
    if (!proposes.length) {
      liste.appendChild(el("li", "orientation-aucun", T.aucun));
    }
    proposes.forEach(function (i, n) {
      var t = D.territoires[i];
      var li = el("li", "orientation-suggestion");
      li.id = "o-suggestion-" + n;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.appendChild(el("span", "orientation-nom", t[0]));
      li.appendChild(el("span", "orientation-contexte",
                        [T.sortes[D.sortes[t[2]]], t[1], D.contextes[t[3]]].filter(Boolean).join(" · ")));
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      li.addEventListener("click", function () { choisir(i); });
      liste.appendChild(li);
    });
    liste.hidden = false;
    champ.setAttribute("aria-expanded", "true");
    surligner(-1);
    afficher();
  }

  function choisir(i) {
    choisi = i;
    champ.value = nomTerritoire(i);
    fermer();
    afficher();
  }

  champ.addEventListener("input", proposer);
  champ.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (liste.hidden) { proposer(); }
      var n = proposes.length;
      if (!n) { return; }
      e.preventDefault();
      surligner(e.key === "ArrowDown" ? (actif + 1) % n : (actif - 1 + n) % n);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (!liste.hidden && proposes.length) { choisir(proposes[actif >= 0 ? actif : 0]); }
    } else if (e.key === "Escape") {
      fermer();
    }
  });
  champ.addEventListener("blur", function () { window.setTimeout(fermer, 150); });
  choixType.addEventListener("change", afficher);
  choixEtape.addEventListener("change", afficher);
  formulaire.addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("o-imprimer").addEventListener("click", function () { window.print(); });

  // -- l'affichage de la réponse ---------------------------------------------------------------

  function pluriel(formes, n) {
    var un = T.lang === "fr" ? (n >= 0 && n < 2) : n === 1;
    return (un ? formes.one : formes.other).replace("{n}", String(n));
  }

  function lienSur(url) {
    return /^https?:\/\/[^\s]+$/i.test(url);
  }

  function contact(dl, libelle, valeur, href) {
    if (!valeur) { return; }
    dl.appendChild(el("dt", null, libelle));
    var dd = el("dd");
    if (href) {
      var a = el("a", null, valeur);
      a.href = href;
      if (/^https?:/i.test(href)) { a.rel = "noopener noreferrer"; }
      dd.appendChild(a);
    } else {
      dd.textContent = valeur;
    }
    dl.appendChild(dd);
  }

  function carte(ligne, rang) {
    var li = el("li", "orientation-structure");
    var h = el("h3");
    h.appendChild(el("span", "orientation-rang", rang));
    h.appendChild(el("span", "orientation-nom-structure", ligne.structure));
    li.appendChild(h);
    var meta = el("p", "orientation-meta");
    [ligne.typeStructure, T.echelle + T.deuxPoints + " " + ligne.echelle,
     T.niveau + T.deuxPoints + " " + ligne.niveau]
      .forEach(function (texte, i) {
        if (i) { meta.appendChild(document.createTextNode(" · ")); }
        meta.appendChild(el("span", null, texte));
      });
    li.appendChild(meta);
    li.appendChild(el("p", "orientation-pourquoi-titre", T.pourquoi));
    var ul = el("ul", "orientation-pourquoi");
    ligne.pourquoi.forEach(function (r) { ul.appendChild(el("li", null, r)); });
    li.appendChild(ul);
    var dl = el("dl", "orientation-contacts");
    contact(dl, T.courriel, ligne.courriel,
            ligne.courriel && /^[^\s@<>"]+@[^\s@<>"]+$/.test(ligne.courriel) ? "mailto:" + ligne.courriel : null);
    contact(dl, T.telephone, ligne.telephone,
            ligne.telephone ? "tel:" + ligne.telephone.replace(/[^0-9+]/g, "") : null);
    contact(dl, T.siteWeb, ligne.siteWeb, ligne.siteWeb && lienSur(ligne.siteWeb) ? ligne.siteWeb : null);
    if (dl.firstChild) { li.appendChild(dl); }
    if (ligne.fiche) {
      var p = el("p", "orientation-fiche");
      var a = el("a", null, T.fiche);
      a.href = ligne.fiche;
      p.appendChild(a);
      li.appendChild(p);
    }
    return li;
  }

  function etat() {
    return { t: choisi, y: indiceDe(D.types, choixType.value), e: indiceDe(D.etapes, choixEtape.value) };
  }

  function afficher() {
    var s = etat();
    if (s.t === null || s.y < 0 || s.e < 0) {
      attente.hidden = false;
      resultat.hidden = true;
      return;
    }
    var lignes = repondre(s.t, s.y, s.e);
    var t = D.territoires[s.t];
    document.getElementById("o-titre").textContent =
      [D.types[s.y][1], nomTerritoire(s.t), D.etapes[s.e][1]].join(" · ");
    document.getElementById("o-compte").textContent =
      lignes.length ? pluriel(T.resultats, lignes.length) : T.vide;
    var ol = document.getElementById("o-resultats");
    vider(ol);
    lignes.forEach(function (ligne, i) { ol.appendChild(carte(ligne, i + 1)); });
    document.getElementById("o-commande").textContent =
      "ppgraph query orientation --param territoire=" + t[1] + " --param type=" +
      D.types[s.y][0] + " --param etape=" + D.etapes[s.e][0];
    attente.hidden = true;
    resultat.hidden = false;
    var fragment = "territoire=" + encodeURIComponent(D.sortes[t[2]] + "-" + t[1]) + "&type=" +
      encodeURIComponent(D.types[s.y][0]) + "&etape=" + encodeURIComponent(D.etapes[s.e][0]);
    if (window.history && window.history.replaceState) {
      try { window.history.replaceState(null, "", "#" + fragment); } catch (err) { /* file:// */ }
    }
  }

  // Un lien « orientation.html#territoire=commune-24520&type=camping&etape=idee » rouvre une réponse.
  function lireAdresse() {
    var params = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (p) {
      var kv = p.split("=");
      if (kv.length === 2) { params[kv[0]] = decodeURIComponent(kv[1]); }
    });
    if (params.territoire) {
      var m = params.territoire.match(/^([a-z]+)-(.+)$/);
      for (var i = 0; m && i < D.territoires.length; i++) {
        if (D.sortes[D.territoires[i][2]] === m[1] && D.territoires[i][1] === m[2]) { choisi = i; break; }
      }
      if (choisi !== null) { champ.value = nomTerritoire(choisi); }
    }
    if (params.type && indiceDe(D.types, params.type) >= 0) { choixType.value = params.type; }
    if (params.etape && indiceDe(D.etapes, params.etape) >= 0) { choixEtape.value = params.etape; }
  }

  formulaire.hidden = false;
  reponse.hidden = false;
  lireAdresse();
  afficher();
  window.ppgraphOrientation = {
    donnees: D, repondre: repondre, chercher: chercher,
    indice: function (liste, code) { return indiceDe(D[liste], code); },
    territoire: function (sorte, code) {
      for (var i = 0; i < D.territoires.length; i++) {
        if (D.sortes[D.territoires[i][2]] === sorte && D.territoires[i][1] === code) { return i; }
      }
      return -1;
    }
  };
}());
