"""The ``ppgraph`` command line: a thin layer over the library's public API.

Each command parses its options, calls one documented library function and prints the
result. Errors are typed (``ppgraph.errors``): a user's mistake prints one French line and
exits with code 2 (1 when data does not conform); ``--debug`` shows the traceback.
"""

from __future__ import annotations

import errno
import json
import re
import sys
from pathlib import Path

import click

import ppgraph
from ppgraph.errors import PpgraphError
from ppgraph.store import default_store_path, open_store
from ppgraph.summary import store_summary

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _french_click() -> None:
    """Route click's own messages (usage, errors, help headings) through a French catalogue.

    click looks its messages up with ``gettext``; the catalogue is a data file,
    ``ppgraph/locales/click.fr.json``. Skipped when the user asks for ``--lang en``.
    """
    if any(a in ("--lang=en",) for a in sys.argv) or \
            any(a == "--lang" and b == "en" for a, b in zip(sys.argv, sys.argv[1:])):
        return
    catalogue = json.loads((Path(ppgraph.__file__).parent / "locales" / "click.fr.json")
                           .read_text(encoding="utf-8"))

    def gettext(message: str) -> str:
        value = catalogue.get(message)
        return value if isinstance(value, str) else message

    def ngettext(singular: str, plural: str, n: int) -> str:
        value = catalogue.get(singular)
        if isinstance(value, list):
            return value[0] if n == 1 else value[1]
        return singular if n == 1 else plural

    import click.core, click.decorators, click.exceptions, click.formatting, click.parser  # noqa: E401
    import click.termui, click.types  # noqa: E401
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser,
                   click.termui, click.types):
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    click.types.IntParamType.name = gettext("integer")
    click.types.FloatParamType.name = gettext("float")


_french_click()


class Settings:
    """Options shared by every command (``--store``, ``--lang``, ``--debug``)."""

    def __init__(self, store: str | None, lang: str, debug: bool):
        self.store_path = Path(store) if store else default_store_path()
        self.lang = lang
        self.debug = debug

    def open_store(self, read_only: bool = False):
        """The store every command works on (``with settings.open_store() as store:``)."""
        return open_store(self.store_path, read_only=read_only)


class PpgraphGroup(click.Group):
    """Turns typed ppgraph errors into one French line and the right exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PpgraphError as err:
            if _debug_requested(ctx):
                raise
            click.echo(f"Erreur : {err}", err=True)
            ctx.exit(err.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("Interrompu.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # The reader (| head, say) went away: nothing to report.
            sys.stderr.close()
            ctx.exit(0)
        except OSError as err:
            if _debug_requested(ctx):
                raise
            click.echo(f"Erreur : {_os_error(err)}", err=True)
            ctx.exit(2)
        except Exception as err:  # a bug: say so plainly, keep the traceback for --debug
            if _debug_requested(ctx):
                raise
            click.echo(f"Erreur inattendue ({type(err).__name__} : {err}). Relancez avec "
                       "--debug pour le détail et signalez-la aux mainteneurs de ppgraph.", err=True)
            ctx.exit(2)


_OS_ERRORS = {
    errno.ENOENT: "dossier ou fichier introuvable",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EEXIST: "existe déjà",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOSPC: "plus de place sur le disque",
}


def _os_error(err: OSError) -> str:
    """A file-system error as one French sentence naming the file."""
    code = err.errno
    if code is None:  # Oxigraph's I/O errors carry the code in their text only
        found = re.search(r"os error (\d+)", str(err))
        code = int(found.group(1)) if found else None
    cause = _OS_ERRORS.get(code or 0, err.strerror or str(err))
    name = err.filename or ""
    return f"« {name} » : {cause}." if name else f"{cause} ({err})."


def _debug_requested(ctx: click.Context) -> bool:
    obj = ctx.obj
    return bool(getattr(obj, "debug", False)) or "--debug" in sys.argv


@click.group(cls=PpgraphGroup, context_settings=CONTEXT)
@click.version_option(ppgraph.__version__, "-V", "--version", prog_name="ppgraph",
                      message="%(prog)s %(version)s")
@click.option("--store", metavar="DOSSIER", envvar="PPGRAPH_STORE", default=None,
              help="Magasin embarqué (Oxigraph sur disque). Par défaut : $PPGRAPH_STORE, "
                   "sinon ./ppgraph-store.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="Langue des libellés et des pages produites.")
@click.option("--debug", is_flag=True, help="Affiche la trace complète en cas d'erreur.")
@click.pass_context
def main(ctx: click.Context, store: str | None, lang: str, debug: bool) -> None:
    """ppgraph : le graphe de l'accompagnement des porteurs de projet touristique.

    Ontologie et référentiel communs, données des départements validées, questions,
    vues du réseau et rapports pour les réseaux d'offices de tourisme.

    \b
    Pour commencer :
      ppgraph demo                      construit la démo et son site (./ppgraph-demo)
      ppgraph --store ppgraph-demo/store info
                                        ce que contient le magasin de la démo
    """
    ctx.obj = Settings(store, lang, debug)


@main.command()
@click.option("-o", "--output", "output", metavar="DOSSIER", default="ppgraph-demo",
              show_default=True, help="Dossier où écrire le magasin (store/) et le site (site/).")
@click.pass_obj
def demo(settings: Settings, output: str) -> None:
    """Construit la démonstration : magasin et site web, sur les données fictives
    des 12 départements de Nouvelle-Aquitaine.

    Charge l'ontologie, le référentiel, les territoires et une soumission par département
    dans un magasin neuf (DOSSIER/store), puis écrit le site statique (DOSSIER/site) :
    page d'accueil avec les chiffres par département et glossaire du référentiel.
    Le magasin précédent n'est remplacé qu'une fois le nouveau complet.

    \b
    Exemple :
      ppgraph demo -o /tmp/demo
      xdg-open /tmp/demo/site/index.html
    """
    from ppgraph.demo import build_demo

    files = sorted(ppgraph.resources.demo_dir().glob("soumission-*.ttl"))
    with click.progressbar(length=len(files) + 2, label="Construction de la démo",
                           file=sys.stderr) as bar:
        result = build_demo(Path(output), lang=settings.lang, progress=lambda step: bar.update(1))
    s = result.summary
    click.echo(f"Magasin : {result.store_path} ({_n(s.triples)} triplets, "
               f"{len(s.departements)} départements)")
    click.echo(f"Site    : {result.site_index}")
    click.echo(f"Ouvrez-le dans un navigateur, ou explorez le magasin avec "
               f"« ppgraph --store {result.store_path} info ».")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table : lisible ; json : pour un programme.")
@click.pass_obj
def info(settings: Settings, fmt: str) -> None:
    """Ce que contient le magasin : graphes nommés, triplets, effectifs par classe
    et par département.

    \b
    Exemple :
      ppgraph --store ppgraph-demo/store info
      ppgraph info --format json > effectifs.json
    """
    with settings.open_store(read_only=True) as store:
        summary = store_summary(store, lang=settings.lang)
    if fmt == "json":
        click.echo(json.dumps({
            "triplets": summary.triples, "graphes": summary.graphs,
            "classes": {iri: {"libelle": lab, "nombre": n} for iri, (lab, n) in summary.classes.items()},
            "departements": summary.departements, "niveaux": summary.niveaux,
            "libelles": summary.labels,
        }, ensure_ascii=False, indent=2))
        return
    click.echo(f"Magasin {settings.store_path} : {_n(summary.triples)} triplets dans "
               f"{len(summary.graphs)} graphes nommés")
    click.echo("")
    click.echo(_table(["Graphe nommé", "Triplets"],
                      [[g, _n(n)] for g, n in summary.graphs.items()], right={1}))
    click.echo("")
    click.echo(_table(["Classe", "Instances"],
                      [[lab, _n(n)] for lab, n in sorted(summary.classes.values())], right={1}))
    if summary.departements:
        codes = list(summary.departements)
        iris = sorted({c for d in summary.departements.values() for c in d["classes"]},
                      key=lambda iri: summary.labels.get(iri, iri))
        click.echo("")
        click.echo("Par département (code INSEE) :")
        click.echo(_table(["Classe"] + codes + ["Total"],
                          [[summary.labels.get(iri, iri)]
                           + [_n(summary.departements[c]["classes"].get(iri, 0)) for c in codes]
                           + [_n(sum(d["classes"].get(iri, 0) for d in summary.departements.values()))]
                           for iri in iris],
                          right=set(range(1, len(codes) + 2))))
        click.echo("")
        click.echo("  ".join(f"{c} {d['nom']}" for c, d in summary.departements.items()))


def _output_file(path: str) -> Path:
    """Check that a file can be written at ``path`` before any work: French error otherwise."""
    target = Path(path)
    if target.is_dir():
        raise ppgraph.InputError(f"« {path} » est un dossier : indiquez un nom de fichier.")
    parent = target.parent
    if not parent.is_dir():
        raise ppgraph.InputError(f"« {path} » : le dossier « {parent} » n'existe pas.")
    return target


def _confirm(question: str) -> bool:
    """A yes/no question answered o/oui/y or n/non; no answer (no terminal) counts as no."""
    def parse(text: str) -> bool:
        answer = text.strip().lower()
        if answer in ("o", "oui", "y", "yes"):
            return True
        if answer in ("", "n", "non", "no"):
            return False
        raise click.UsageError("répondez o (oui) ou n (non)")
    try:
        return click.prompt(f"{question} [o/N]", default="", show_default=False,
                            value_proc=parse, err=True)
    except click.Abort:
        click.echo("", err=True)
        return False


def _n(value: int) -> str:
    """A count with the French thousands separator (narrow no-break space)."""
    return f"{value:,}".replace(",", "\u202f")


def _table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    def line(cells):
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


@main.command()
@click.option("-o", "--output", "output", metavar="FICHIER", required=True,
              help="Fichier de sauvegarde : .trig (TriG) ou .nq (N-Quads).")
@click.pass_obj
def dump(settings: Settings, output: str) -> None:
    """Sauvegarde tout le magasin (tous les graphes nommés) en TriG ou N-Quads.

    \b
    Exemple :
      ppgraph --store ppgraph-demo/store dump -o sauvegarde.trig
    """
    target = _output_file(output)
    with settings.open_store(read_only=True) as store:
        store.dump(target)
        n = store.count()
    click.echo(f"{_n(n)} triplets (avec leur graphe nommé) écrits dans {output}")


@main.command()
@click.argument("fichier", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
@click.pass_obj
def load(settings: Settings, fichier: str, yes: bool) -> None:
    """Remplace tout le magasin par une sauvegarde (TriG ou N-Quads).

    Le fichier est lu en entier avant de toucher au magasin : une sauvegarde illisible
    laisse le magasin tel quel.

    \b
    Exemple :
      ppgraph --store copie dump -o s.trig && ppgraph --store neuf load s.trig --yes
    """
    if not yes and not _confirm(f"Remplacer tout le contenu de {settings.store_path} ?"):
        click.echo("Annulé : le magasin n'a pas été modifié (--yes pour ne pas être interrogé).",
                   err=True)
        raise click.exceptions.Exit(2)
    with settings.open_store() as store:
        n = store.restore(fichier)
    click.echo(f"{_n(n)} triplets (avec leur graphe nommé) chargés depuis {fichier} dans "
               f"{settings.store_path}")


# --- réseau d'acteurs ---

from collections import Counter  # noqa: E402

_LIENS_AIDE = ("Types de liens suivis par l'analyse, séparés par des virgules, parmi : "
               "oriente, partenaire, rattachee, membre_reseau, membre_groupe, anime, couvre, "
               "dessert, accompagne.")


def _network_graph(settings: Settings, *, projets: bool = False, personnel: bool = False):
    """The actor graph of the store, with a progress bar on stderr."""
    from ppgraph.network import actor_graph

    with click.progressbar(length=1, label="Lecture du réseau d'acteurs", file=sys.stderr) as bar:
        with settings.open_store(read_only=True) as store:
            graph = actor_graph(store, lang=settings.lang, include_projects=projets,
                                include_personal=personnel)
        bar.update(1)
    if not any(k == "structure" for _, k in graph.nodes(data="kind")):
        raise ppgraph.InputError(
            f"Le magasin « {settings.store_path} » ne contient aucune structure : versez "
            "d'abord une soumission (ou construisez la démo avec « ppgraph demo »).")
    return graph


def _split_links(value: str | None) -> tuple[str, ...]:
    from ppgraph.network import SUPPORT_LINKS

    if not value:
        return SUPPORT_LINKS
    return tuple(x.strip() for x in value.split(",") if x.strip())


@main.group(name="network")
def network_group() -> None:
    """Le réseau d'acteurs : analyse (stats) et export pour Gephi ou Cytoscape (export).

    Le réseau relie les structures, les territoires qu'elles couvrent et les groupes de
    travail : orientations de porteurs de projet (pondérées par leur nombre), partenariats,
    rattachements, adhésions. Rien de personnel n'y figure sans --include-personal.

    \b
    Exemple :
      ppgraph --store ppgraph-demo/store network stats --departement 23
    """


@network_group.command(name="stats")
@click.option("--departement", metavar="CODE", default=None,
              help="Ne garder dans les listes que les structures de ce département (code INSEE).")
@click.option("--top", type=click.IntRange(1), default=10, show_default=True,
              help="Nombre de têtes de réseau listées.")
@click.option("--liens", metavar="TYPES", default=None,
              help=_LIENS_AIDE + " Par défaut : oriente,partenaire,rattachee.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table : lisible ; json : pour un programme.")
@click.pass_obj
def network_stats(settings: Settings, departement: str | None, top: int, liens: str | None,
                  fmt: str) -> None:
    """Analyse du réseau : têtes de réseau (degré et intermédiarité), passeurs entre
    départements, structures isolées, structures qui reçoivent des orientations sans rien
    proposer au-delà du niveau « aucun », composantes connexes et résumé par département.

    Les centralités sont calculées sur tout le réseau ; --departement ne filtre que les
    listes et le résumé.

    \b
    Exemple :
      ppgraph --store ppgraph-demo/store network stats
      ppgraph network stats --departement 33 --format json > reseau-33.json
    """
    from ppgraph.network import network_statistics

    graph = _network_graph(settings)
    stats = network_statistics(graph, departement=departement, top=top,
                               links=_split_links(liens))
    if fmt == "json":
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    click.echo(_network_stats_text(stats, graph, top))


def _network_stats_text(stats: dict, graph, top: int) -> str:
    from ppgraph.network import link_label

    deps = graph.graph.get("departements", {})
    code = stats["departement"]
    where = f" — {deps.get(code, code)} ({code})" if code else ""
    kinds = {"structure": ("structure", "structures"), "territoire": ("territoire", "territoires"),
             "groupe": ("groupe de travail", "groupes de travail"), "projet": ("projet", "projets")}
    floor = next((n["label"] for n in graph.graph.get("niveaux", [])
                  if n["rank"] == graph.graph.get("niveau_floor")), "le plus bas")
    out = [f"Réseau d'acteurs{where}",
           ("Tout le réseau : " if code else "Nœuds : ") + ", ".join(
               f"{_n(n)} {kinds.get(k, (k, k))[n > 1]}" for k, n in stats["nodes"].items()),
           "Liens : " + ", ".join(
               f"{link_label(k)} {_n(v['count'])}" + (f" (poids {_n(v['weight'])})"
                                                      if v["weight"] != v["count"] else "")
               for k, v in stats["links"].items()),
           "Analyse sur les liens : " + ", ".join(link_label(k) for k in stats["links_used"])
           + (" ; centralités calculées sur tout le réseau" if code else ""), ""]

    def dep(row):
        return row["departement"] or "—"

    def more(rows: list, shown: int) -> list[str]:
        return [f"  … et {_n(len(rows) - shown)} autres (--format json pour la liste complète)"] \
            if len(rows) > shown else []

    out.append("Têtes de réseau, par nombre de structures liées (degré) :")
    out.append(_table(["Structure", "Dép.", "Degré", "Poids", "Intermédiarité"],
                      [[r["label"], dep(r), r["degree"], r["weighted_degree"],
                        f"{r['betweenness']:.3f}"] for r in stats["hubs_degree"]],
                      right={2, 3, 4}) if stats["hubs_degree"] else "  aucune")
    out.append("")
    out.append("Têtes de réseau, par intermédiarité (sur le plus court chemin entre deux structures) :")
    out.append(_table(["Structure", "Dép.", "Intermédiarité", "Degré"],
                      [[r["label"], dep(r), f"{r['betweenness']:.3f}", r["degree"]]
                       for r in stats["hubs_betweenness"]], right={2, 3})
               if stats["hubs_betweenness"] else "  aucune")
    out.append("")
    brokers = stats["brokers"]
    out.append(f"Passeurs entre départements ({_n(len(brokers))}) :")
    out.append(_table(["Structure", "Dép.", "Liée aux départements", "Poids"],
                      [[r["label"], dep(r), " ".join(r["other_departements"]), r["weight"]]
                       for r in brokers[:top]], right={3}) if brokers else "  aucun")
    out.extend(more(brokers, top))
    out.append("")
    isolated = stats["isolated"]
    out.append(f"Structures isolées, sans aucun de ces liens ({_n(len(isolated))}) :")
    out.append(_table(["Structure", "Dép.", "Type", "Niveau déclaré"],
                      [[r["label"], dep(r), r["type"], r["niveau"] or "non renseigné"]
                       for r in isolated]) if isolated else "  aucune")
    out.append("")
    rwo = stats["referrals_without_offer"]
    out.append(f"Reçoivent des orientations sans rien proposer au-delà de « {floor} » ({_n(len(rwo))}) :")
    out.append(_table(["Structure", "Dép.", "Orientations reçues", "Niveau déclaré"],
                      [[r["label"], dep(r), r["referrals_received"], r["niveau"] or "non renseigné"]
                       for r in rwo], right={2}) if rwo else "  aucune")
    out.append("")
    comp = stats["components"]
    sizes = ", ".join(f"{_n(s['count'])} de {_n(s['size'])} structure{'s' if s['size'] > 1 else ''}"
                      for s in comp["sizes"])
    out.append(f"Composantes connexes : {_n(comp['count'])} ({sizes})")
    if comp["largest"]:
        out.append("La plus grande relie les départements : " + " ".join(comp["largest"]))
    out.append("")
    out.append("Par département :")
    rows = []
    for c, d in stats["departements"].items():
        rows.append([c, d["label"], d["structures"], d["entry_points"], d["top_level"],
                     d["referrals_internal"], d["referrals_out"], d["referrals_in"],
                     d["partnerships"], d["isolated"], d["hub"]])
    out.append(_table(["Code", "Département", "Struct.", "Accueil+", "Niveau max", "Orient. int.",
                       "sortantes", "entrantes", "Partenariats", "Isolées", "Tête de réseau"],
                      rows, right=set(range(2, 10))))
    out.append("")
    levels = [n["label"] for n in graph.graph.get("niveaux", [])]
    above = f" (« {levels[1]} » ou plus)" if len(levels) > 1 else ""
    out.append(f"Accueil+ : structures déclarant un niveau au-delà de « {floor} »{above} ; "
               f"Niveau max : au plus haut niveau du référentiel"
               + (f" (« {levels[-1]} »)" if levels else "") + ".")
    return "\n".join(out)


@network_group.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json"]), default=None,
              help="graphml (Gephi, Cytoscape, yEd), gexf (Gephi), json (Cytoscape : format "
                   "cyjs). Par défaut : d'après l'extension du fichier.")
@click.option("-o", "--output", "output", metavar="FICHIER", required=True,
              help="Fichier à écrire (.graphml, .gexf, .json ou .cyjs).")
@click.option("--departement", metavar="CODE", default=None,
              help="N'exporter que ce département (et ses liens avec l'extérieur).")
@click.option("--projets", is_flag=True, help="Ajouter les projets accompagnés (anonymisés).")
@click.option("--include-personal", is_flag=True,
              help="Ajouter les données personnelles (noms des techniciens...). À ne pas publier.")
@click.pass_obj
def network_export(settings: Settings, fmt: str | None, output: str, departement: str | None,
                   projets: bool, include_personal: bool) -> None:
    """Exporte le réseau d'acteurs pour Gephi ou Cytoscape.

    Chaque nœud porte les mêmes attributs, sans valeur vide ni imbriquée (kind, label,
    type, niveau, departement, orientations reçues et envoyées...) ; chaque lien son type
    (kind) et son poids (weight : nombre d'orientations).

    \b
    Exemple :
      ppgraph --store ppgraph-demo/store network export -o reseau.gexf
      ppgraph network export --format json -o reseau.cyjs --departement 33
    """
    from ppgraph.network import departement_subgraph, export_format, write_network

    fmt = export_format(output, fmt)
    graph = _network_graph(settings, projets=projets, personnel=include_personal)
    if departement:
        graph = departement_subgraph(graph, departement)
    path = write_network(graph, output, fmt)
    kinds = Counter(k for _, k in graph.nodes(data="kind"))
    click.echo(f"Réseau exporté en {fmt.upper()} dans {path} : {_n(graph.number_of_nodes())} nœuds "
               f"({_n(kinds['structure'])} structures), {_n(graph.number_of_edges())} liens.")
    if include_personal:
        click.echo("Attention : ce fichier contient des données personnelles ; ne le publiez pas.",
                   err=True)


@main.command()
@click.option("-o", "--output", "output", metavar="FICHIER", default="reseau.html",
              show_default=True, help="Page HTML à écrire (autonome, fonctionne hors ligne).")
@click.option("--departement", metavar="CODE", default=None,
              help="Vue d'un département : ses structures, ses territoires et leurs liens.")
@click.option("--structure", metavar="ID", default=None,
              help="Vue autour d'une structure : son IRI, son identifiant (33-OT-004) ou son nom.")
@click.option("--depth", type=click.IntRange(0, 10), default=None,
              help="Avec --structure : nombre de liens à suivre depuis elle (défaut 1).")
@click.option("--projets", is_flag=True, help="Ajouter les projets accompagnés (anonymisés).")
@click.option("--include-personal", is_flag=True,
              help="Montrer les données personnelles (noms des techniciens...). À ne pas publier.")
@click.option("--titre", metavar="TEXTE", default=None, help="Titre de la page.")
@click.pass_obj
def viz(settings: Settings, output: str, departement: str | None, structure: str | None,
        depth: int | None, projets: bool, include_personal: bool, titre: str | None) -> None:
    """Vue interactive du réseau d'acteurs : une page HTML autonome à publier ou à ouvrir
    hors ligne (depuis une clé USB).

    Couleur : type de structure ; bordure : niveau d'accompagnement déclaré ; taille :
    nombre de liens d'accompagnement ; style des traits : type de lien. Légende-filtres
    (types, niveaux, liens, départements), recherche, infobulles avec les coordonnées
    publiques, tableau des structures. Rien de personnel sans --include-personal.

    \b
    Exemple :
      ppgraph --store ppgraph-demo/store viz -o reseau.html
      ppgraph viz --departement 23 -o creuse.html
      ppgraph viz --structure 33-RESEAU --depth 2 -o autour-du-reseau.html
    """
    from ppgraph.network import departement_subgraph, structure_neighbourhood
    from ppgraph.viz import write_view

    if departement and structure:
        raise ppgraph.InputError("--departement et --structure s'excluent : choisissez l'une "
                                 "des deux vues.")
    if depth is not None and not structure:
        raise ppgraph.InputError("--depth ne s'emploie qu'avec --structure.")
    graph = _network_graph(settings, projets=projets, personnel=include_personal)
    if departement:
        graph = departement_subgraph(graph, departement)
    elif structure:
        graph = structure_neighbourhood(graph, structure, 1 if depth is None else depth)
    path = write_view(graph, output, lang=settings.lang, title=titre)
    kinds = Counter(k for _, k in graph.nodes(data="kind"))
    orientations = sum(w for *_, k, w in graph.edges(keys=True, data="weight") if k == "oriente")
    click.echo(f"Vue écrite dans {path} : {_n(kinds['structure'])} structures, "
               f"{_n(kinds['territoire'])} territoires, {_n(orientations)} orientations"
               + (f", {_n(kinds['projet'])} projets" if kinds["projet"] else "") + ".")
    click.echo("Ouvrez-la dans un navigateur : elle fonctionne hors ligne et ne contacte aucun serveur.")
    if include_personal:
        click.echo("Attention : cette vue contient des données personnelles ; ne la publiez pas.",
                   err=True)

# --- fin réseau d'acteurs ---


if __name__ == "__main__":  # pragma: no cover
    main()
