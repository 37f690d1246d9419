"""The network-statistics report, as ``ppgraph network stats`` prints it, in the reader's language.

>>> from ppgraph.network.analysis import network_statistics
>>> from ppgraph.network import example_network
>>> G = example_network()
>>> print(network_report(network_statistics(G), G).splitlines()[1])
Nœuds : 6 structures
>>> print(network_report(network_statistics(G), G, lang="en").splitlines()[2])
Links: refers to 4 (weight 11)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from ..i18n import catalogue, number
from ..text import text_table
from .projection import link_label

__all__ = ["network_report"]


def network_report(stats: Mapping[str, Any], G: nx.MultiDiGraph, *, top: int = 10,
                   lang: str = "fr") -> str:
    """The report of :func:`ppgraph.network.network_statistics` as aligned text.

    Parameters
    ----------
    stats : dict
        What :func:`~ppgraph.network.network_statistics` returned for ``G``.
    G : networkx.MultiDiGraph
        The actor graph analysed: it names the départements and the levels of support.
    top : int
        How many brokers are listed before « … et N autres » (the hubs are already limited
        by ``network_statistics``).
    lang : "fr" or "en"
        Language of the report (the data's labels are those of ``G``).

    Returns
    -------
    str
        The report, lines separated by ``\\n``, without a final line break.
    """
    t = catalogue(lang)
    r = t.network.rapport

    def n(value: int) -> str:
        return number(value, lang)

    def table(headers: Sequence[str], rows: list[list[Any]], right: set[int] = frozenset(),
              empty: str = "aucune") -> str:
        keys = [r.colonnes[h] for h in headers]
        return text_table(keys, rows, right=right) if rows else r[empty]

    def dep(row: Mapping[str, Any]) -> str:
        return row["departement"] or "—"

    names = G.graph.get("departements", {})
    levels = [lv["label"] for lv in G.graph.get("niveaux", [])]
    floor = next((lv["label"] for lv in G.graph.get("niveaux", [])
                  if lv["rank"] == G.graph.get("niveau_floor")), r.plancher_inconnu)
    code = stats["departement"]
    nodes = ", ".join(t(f"network.rapport.sortes.{k}", n=v) for k, v in stats["nodes"].items())
    links = ", ".join(
        t("network.rapport.lien", lien=link_label(k, lang), nombre=n(v["count"]))
        if v["weight"] == v["count"] else
        t("network.rapport.lien_poids", lien=link_label(k, lang), nombre=n(v["count"]),
          poids=n(v["weight"]))
        for k, v in stats["links"].items())
    used = ", ".join(link_label(k, lang) for k in stats["links_used"])
    out = [t("network.rapport.titre_departement", nom=names.get(code, code), code=code)
           if code else r.titre,
           t("network.rapport.tout_le_reseau" if code else "network.rapport.noeuds",
             noeuds=nodes),
           t("network.rapport.liens", liens=links),
           t("network.rapport.analyse_departement" if code else "network.rapport.analyse",
             liens=used), ""]

    out.append(r.tetes_degre)
    out.append(table(["structure", "dep", "degre", "poids", "intermediarite"],
                     [[h["label"], dep(h), h["degree"], h["weighted_degree"],
                       f"{h['betweenness']:.3f}"] for h in stats["hubs_degree"]],
                     right={2, 3, 4}))
    out.append("")
    out.append(r.tetes_intermediarite)
    out.append(table(["structure", "dep", "intermediarite", "degre"],
                     [[h["label"], dep(h), f"{h['betweenness']:.3f}", h["degree"]]
                      for h in stats["hubs_betweenness"]], right={2, 3}))
    out.append("")
    brokers = stats["brokers"]
    out.append(t("network.rapport.passeurs", n=n(len(brokers))))
    out.append(table(["structure", "dep", "lie_aux", "poids"],
                     [[b["label"], dep(b), " ".join(b["other_departements"]), b["weight"]]
                      for b in brokers[:top]], right={3}, empty="aucun"))
    if len(brokers) > top:
        out.append(t("network.rapport.autres", n=n(len(brokers) - top)))
    out.append("")
    isolated = stats["isolated"]
    out.append(t("network.rapport.isolees", n=n(len(isolated))))
    out.append(table(["structure", "dep", "type", "niveau"],
                     [[s["label"], dep(s), s["type"], s["niveau"] or r.non_renseigne]
                      for s in isolated]))
    out.append("")
    without = stats["referrals_without_offer"]
    out.append(t("network.rapport.sans_offre", plancher=floor, n=n(len(without))))
    out.append(table(["structure", "dep", "orientations_recues", "niveau"],
                     [[s["label"], dep(s), s["referrals_received"],
                       s["niveau"] or r.non_renseigne] for s in without], right={2}))
    out.append("")
    comp = stats["components"]
    sizes = ", ".join(t("network.rapport.composante", nombre=n(c["count"]),
                        structures=t("network.rapport.structures", n=c["size"]))
                      for c in comp["sizes"])
    out.append(t("network.rapport.composantes", n=n(comp["count"]), tailles=sizes))
    if comp["largest"]:
        out.append(t("network.rapport.plus_grande", codes=" ".join(comp["largest"])))
    out.append("")
    out.append(r.par_departement)
    out.append(text_table(
        [r.colonnes[h] for h in ("code", "departement", "structures", "accueil", "niveau_max",
                                 "internes", "sortantes", "entrantes", "partenariats",
                                 "isolees", "tete")],
        [[c, d["label"], d["structures"], d["entry_points"], d["top_level"],
          d["referrals_internal"], d["referrals_out"], d["referrals_in"], d["partnerships"],
          d["isolated"], d["hub"]] for c, d in stats["departements"].items()],
        right=set(range(2, 10))))
    out.append("")
    out.append(t("network.rapport.note_niveaux", plancher=floor,
                 au_dela=t("network.rapport.note_au_dela", niveau=levels[1])
                 if len(levels) > 1 else "",
                 plus_haut=t("network.rapport.note_plus_haut", niveau=levels[-1])
                 if levels else ""))
    return "\n".join(out)
