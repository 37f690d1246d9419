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
from ppgraph.i18n import message, plural
from ppgraph.store import (Endpoint, GraphStore, Store, default_store_path, graphs_to_push,
                           open_store, push_store)
from ppgraph.summary import store_summary, summary_json, summary_report

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _french_click() -> None:
    """Route click's own messages (usage, errors, help headings) through a French catalogue.

    click looks its messages up with ``gettext``; the catalogue is a data file,
    the ``click`` domain of ``ppgraph/locales/fr/``. Skipped when the user asks for ``--lang en``.
    """
    if any(a in ("--lang=en",) for a in sys.argv) or \
            any(a == "--lang" and b == "en" for a, b in zip(sys.argv, sys.argv[1:])):
        return
    from ppgraph.i18n import catalogue as _catalogue

    catalogue = _catalogue("fr").domain("click")

    def gettext(message: str) -> str:
        value = catalogue.get(message)
        return value if isinstance(value, str) else message

    def ngettext(singular: str, plural: str, n: int) -> str:
        value = catalogue.get(singular)
        if isinstance(value, dict):
            return value["one"] if n == 1 else value["other"]
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
    """Options shared by every command (``--store``, ``--endpoint``, ``--lang``, ``--debug``).

    Which store the commands work on: ``--store`` given on the command line wins over
    ``PPGRAPH_ENDPOINT`` from the environment (and ``--endpoint`` over ``PPGRAPH_STORE``);
    both from the environment, the server; both on the command line, a usage error when a
    command opens the store (``push`` reads the one and writes to the other).
    """

    def __init__(self, store: str | None, lang: str, debug: bool, endpoint: str | None = None,
                 *, store_given: bool = False, endpoint_given: bool = False):
        self.store_path = Path(store) if store else default_store_path()
        self.lang = lang
        self.debug = debug
        self.endpoint_url = endpoint or None
        """URL of the SPARQL server named by --endpoint or $PPGRAPH_ENDPOINT, if any"""
        self._conflict = bool(store and endpoint and store_given and endpoint_given)
        use_store = bool(store) and store_given and not endpoint_given
        self.endpoint = None if use_store else self.endpoint_url
        """URL of the SPARQL server the commands work on; None: the embedded store"""

    def open_store(self, read_only: bool = False) -> GraphStore:
        """The store every command works on (``with settings.open_store() as store:``): the
        SPARQL server if one was chosen (same interface, same atomicity), else the
        embedded store."""
        if self._conflict:
            # Both are options of the main command: its usage line is the one to show.
            ctx = click.get_current_context(silent=True)
            raise click.UsageError(message("store.magasin_et_serveur", self.lang),
                                   ctx.find_root() if ctx is not None else None)
        if self.endpoint:
            return open_store(read_only=read_only, endpoint=self.endpoint)
        return open_store(self.store_path, read_only=read_only)

    @property
    def location(self) -> str:
        """What a message should name: the server's URL or the store's folder."""
        return self.endpoint or str(self.store_path)


def _on_command_line(ctx: click.Context, name: str) -> bool:
    """Whether the option ``name`` was typed on the command line (not taken from the
    environment or a default)."""
    return ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE


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
@click.option("--endpoint", metavar="URL", envvar="PPGRAPH_ENDPOINT", default=None,
              help="Serveur SPARQL 1.1 à utiliser au lieu du magasin embarqué (Oxigraph, "
                   "Fuseki, GraphDB), ex. http://127.0.0.1:7878. Par défaut : "
                   "$PPGRAPH_ENDPOINT.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="Langue des libellés et des pages produites.")
@click.option("--debug", is_flag=True, help="Affiche la trace complète en cas d'erreur.")
@click.pass_context
def main(ctx: click.Context, store: str | None, endpoint: str | None, lang: str,
         debug: bool) -> None:
    """ppgraph : le graphe de l'accompagnement des porteurs de projet touristique.

    Ontologie et référentiel communs, données des départements validées, questions,
    vues du réseau et rapports pour les réseaux d'offices de tourisme.

    \b
    Pour commencer :
      ppgraph demo                      construit la démo et son site (./ppgraph-demo)
      ppgraph --store ppgraph-demo/store info
                                        ce que contient le magasin de la démo
    """
    ctx.obj = Settings(store, lang, debug, endpoint,
                       store_given=_on_command_line(ctx, "store"),
                       endpoint_given=_on_command_line(ctx, "endpoint"))


@main.group(invoke_without_command=True)
@click.option("-o", "--output", "output", metavar="DOSSIER", default="ppgraph-demo",
              show_default=True, help="Dossier où écrire le magasin (store/) et le site (site/).")
@click.pass_context
def demo(ctx: click.Context, output: str) -> None:
    """Construit la démonstration : magasin et site web, sur les données fictives
    des 12 départements de Nouvelle-Aquitaine.

    Charge l'ontologie, le référentiel, les territoires et une soumission par département
    dans un magasin neuf (DOSSIER/store), puis écrit le site statique (DOSSIER/site) :
    page d'accueil avec les chiffres par département et glossaire du référentiel.
    Le magasin précédent n'est remplacé qu'une fois le nouveau complet.
    « ppgraph demo generer » régénère les données fictives elles-mêmes.

    \b
    Exemple :
      ppgraph demo -o /tmp/demo
      xdg-open /tmp/demo/site/index.html
    """
    if ctx.invoked_subcommand is not None:
        return
    from ppgraph.demo import build_demo, build_steps

    lang = ctx.obj.lang
    with click.progressbar(length=build_steps(), label=message("demo.construction", lang),
                           file=sys.stderr) as bar:
        result = build_demo(Path(output), lang=lang, progress=lambda _step: bar.update(1))
    click.echo(result.report(lang))


@demo.command("generer")
@click.option("--seed", type=int, default=2019, show_default=True,
              help="Graine du générateur pseudo-aléatoire.")
@click.option("--scale", type=float, default=1.0, show_default=True,
              help="Facteur qui multiplie tous les effectifs.")
@click.option("--departements", metavar="CODES", default=None,
              help="Codes INSEE séparés par des virgules, ou « tous » pour les 101 départements "
                   "(par défaut : les 12 de Nouvelle-Aquitaine).")
@click.option("-o", "--output", "output", metavar="DOSSIER", required=True,
              help="Dossier où écrire les soumissions Turtle, le README.md et classeurs/.")
@click.option("--sans-classeurs", is_flag=True,
              help="N'écrire que les soumissions Turtle et le README.md, pas les classeurs.")
@click.pass_obj
def demo_generate(settings: Settings, seed: int, scale: float, departements: str | None,
                  output: str, sans_classeurs: bool) -> None:
    """Génère un réseau fictif de démonstration : une soumission Turtle par département,
    son README.md et les classeurs que « ppgraph demo » verse (classeurs/).

    Le générateur est déterministe : la même graine donne les mêmes fichiers. Les
    territoires sont réels ; structures, personnes et histoires sont fictives.

    \b
    Exemple :
      ppgraph demo generer --seed 2019 -o data/demo
      ppgraph demo generer --scale 6.5 --departements tous --sans-classeurs -o /tmp/grand
    """
    from ppgraph.demo import generation_steps, parse_departements, write_demo_folder

    codes = parse_departements(departements)
    workbooks = not sans_classeurs
    with click.progressbar(length=generation_steps(codes, workbooks),
                           label=message("demo.generation", settings.lang), file=sys.stderr) as bar:
        result = write_demo_folder(output, seed=seed, scale=scale, departements=codes,
                                   workbooks=workbooks, progress=lambda _step: bar.update(1))
    click.echo(result.report(settings.lang))


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
        click.echo(json.dumps(summary_json(summary), ensure_ascii=False, indent=2))
        return
    click.echo(summary_report(summary, settings.location, settings.lang))


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
    click.echo(plural("store.sauvegarde_ecrite", n, settings.lang, fichier=output))


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
    if not yes and not _confirm(message("store.confirmer_remplacement", settings.lang,
                                        lieu=settings.location)):
        click.echo(message("store.chargement_annule", settings.lang), err=True)
        raise click.exceptions.Exit(2)
    with settings.open_store() as store:
        n = store.restore(fichier)
    click.echo(plural("store.sauvegarde_chargee", n, settings.lang, fichier=fichier,
                      lieu=settings.location))


# --- réseau d'acteurs ---

_LIENS_AIDE = ("Types de liens suivis par l'analyse, séparés par des virgules, parmi : "
               "oriente, partenaire, rattachee, membre_reseau, membre_groupe, anime, couvre, "
               "dessert, accompagne.")


def _network_graph(settings: Settings, *, projets: bool = False, personnel: bool = False):
    """The actor graph of the store, with a progress bar on stderr."""
    from ppgraph.network import actor_graph

    with click.progressbar(length=1, label=message("network.lecture", settings.lang),
                           file=sys.stderr) as bar:
        with settings.open_store(read_only=True) as store:
            graph = actor_graph(store, lang=settings.lang, include_projects=projets,
                                include_personal=personnel)
        bar.update(1)
    if not any(k == "structure" for _, k in graph.nodes(data="kind")):
        raise ppgraph.InputError("network.erreurs.magasin_sans_structure",
                                 magasin=settings.location)
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
    from ppgraph.network import network_report, network_statistics

    graph = _network_graph(settings)
    stats = network_statistics(graph, departement=departement, top=top,
                               links=_split_links(liens))
    if fmt == "json":
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    click.echo(network_report(stats, graph, top=top, lang=settings.lang))


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
    from ppgraph.network import export_format, export_summary, select, write_network

    fmt = export_format(output, fmt)
    graph = select(_network_graph(settings, projets=projets, personnel=include_personal),
                   departement=departement)
    path = write_network(graph, output, fmt)
    click.echo(export_summary(graph, path, fmt, settings.lang))
    if include_personal:
        click.echo(message("network.export.personnel", settings.lang), err=True)


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
    from ppgraph.network import check_selection, select
    from ppgraph.viz import view_summary, write_view

    check_selection(departement=departement, structure=structure, depth=depth)
    graph = select(_network_graph(settings, projets=projets, personnel=include_personal),
                   departement=departement, structure=structure, depth=depth)
    path = write_view(graph, output, lang=settings.lang, title=titre)
    click.echo(view_summary(graph, path, settings.lang))
    if include_personal:
        click.echo(message("viz.avertissement_personnel", settings.lang), err=True)

# --- fin réseau d'acteurs ---


# --- soumissions : modèle, import, validation, versement, historique ---


def _submission_store(settings: Settings, *, required: bool):
    """The store for a validation: None when it does not exist and was not asked for."""
    try:
        return settings.open_store(read_only=True)
    except ppgraph.StoreLockedError:
        raise
    except ppgraph.StoreError:
        if required:
            raise
        return None


def _steps(label: str, n: int):
    return click.progressbar(length=n, label=label, file=sys.stderr)


@main.command()
@click.option("-o", "--output", "output", metavar="FICHIER", required=True,
              help="Classeur à écrire (.xlsx), ou dossier avec --format csv.")
@click.option("--departement", metavar="CODE", default=None,
              help="Département (code INSEE) : remplit la feuille Soumission et limite la "
                   "liste des communes aux siennes.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None,
              help="xlsx (défaut) : un classeur ; csv : un fichier CSV par feuille (séparateur "
                   "point-virgule, UTF-8), dans le dossier indiqué par -o.")
@click.pass_obj
def template(settings: Settings, output: str, departement: str | None, fmt: str | None) -> None:
    """Écrit le modèle de tableur à remplir, produit à partir des formes SHACL et du
    référentiel.

    Une feuille Instructions, une feuille par sorte d'enregistrement (structures, offres de
    service, techniciens, compétences, porteurs, projets, accompagnements, orientations...),
    des en-têtes commentés, les colonnes obligatoires marquées d'un astérisque, des listes
    déroulantes tirées du référentiel (feuille Listes) et une ligne d'exemple par feuille.
    Avec --lang en, le classeur est en anglais (ppgraph relit l'un et l'autre).

    \b
    Exemples :
      ppgraph template --departement 33 -o gironde-2025.xlsx
      ppgraph template --departement 33 --format csv -o modele-csv/
    """
    from ppgraph.spreadsheet import output_format, template_summary, write_template

    fmt = output_format(output, fmt)
    if fmt == "xlsx":
        _output_file(output)
    path = write_template(output, departement=departement, format=fmt, lang=settings.lang)
    click.echo(template_summary(path, fmt, lang=settings.lang))


@main.command(name="import")
@click.argument("fichier", type=click.Path(exists=True))
@click.option("-o", "--output", "output", metavar="FICHIER", required=True,
              help="Graphe RDF à écrire : .ttl (Turtle), .nt (N-Triples) ou .jsonld.")
@click.option("--departement", metavar="CODE", default=None,
              help="Département des données, si la feuille Soumission ne le dit pas.")
@click.pass_obj
def import_(settings: Settings, fichier: str, output: str, departement: str | None) -> None:
    """Convertit un classeur rempli (.xlsx), un fichier CSV ou un dossier de CSV en RDF.

    Les IRI sont stables (SIRET, code INSEE ou colonne Identifiant). Sont acceptés : CSV
    d'Excel en français (point-virgule, UTF-8 avec BOM ou Windows-1252), dates jj/mm/aaaa ou
    numéros de série Excel, espaces en trop, libellés qui diffèrent du référentiel par les
    majuscules ou les accents, lignes vides, colonnes en plus (avertissement). L'import ne
    juge pas : « ppgraph validate » dit ce qui ne respecte pas les règles.

    \b
    Exemple :
      ppgraph import gironde-2025.xlsx -o gironde-2025.ttl
    """
    from ppgraph.spreadsheet import describe_import, graph_format, write_graph
    from ppgraph.validation import read_submission

    target = _output_file(output)
    graph_format(target)  # an unknown extension is said before the file is read
    result = read_submission(fichier, departement=departement)
    write_graph(result.graph, target)
    text, remarks = describe_import(result, target, lang=settings.lang)
    click.echo(text)
    if remarks:
        click.echo(remarks, err=True)


@main.command()
@click.argument("fichier", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "html", "json", "turtle"]),
              default="text", show_default=True,
              help="text : lisible dans le terminal ; html : une page à ouvrir dans un "
                   "navigateur ; json : pour un programme ; turtle : le sh:ValidationReport.")
@click.option("-o", "--output", "output", metavar="FICHIER", default=None,
              help="Écrire le rapport dans ce fichier plutôt qu'à l'écran.")
@click.option("--departement", metavar="CODE", default=None,
              help="Département pour lequel le fichier sera versé (il doit le décrire).")
@click.option("--sans-magasin", "no_store", is_flag=True,
              help="Ne pas consulter le magasin : les renvois vers d'autres départements ne "
                   "sont alors pas trouvés.")
@click.pass_obj
def validate(settings: Settings, fichier: str, fmt: str, output: str | None,
             departement: str | None, no_store: bool) -> None:
    """Vérifie un classeur, un dossier CSV, un fichier Turtle ou JSON-LD contre les règles
    communes (formes SHACL), et dit en français ce qui ne va pas.

    Le rapport est groupé par enregistrement, avec la feuille, la ligne, la cellule, la
    valeur, la règle et une suggestion quand il y en a une. Les renvois vers des structures
    d'autres départements sont cherchés dans le magasin (--store), s'il existe.
    Code de sortie : 0 conforme, 1 non conforme, 2 fichier illisible.

    \b
    Exemples :
      ppgraph validate gironde-2025.xlsx
      ppgraph validate gironde-2025.xlsx --format html -o rapport.html
    """
    from ppgraph.validation import read_submission, render_report, written_summary
    from ppgraph.validation import validate as validate_submission

    target = _output_file(output) if output else None
    with _steps(message("validation.progression", settings.lang), 3) as bar:
        result = read_submission(fichier, departement=departement)
        bar.update(1)
        store = None if no_store else _submission_store(settings, required=False)
        try:
            bar.update(1)
            report = validate_submission(result, store=store, departement=departement)
        finally:
            if store is not None:
                store.close()
        bar.update(1)
    if store is None and not no_store:
        click.echo(message("validation.pas_de_magasin", settings.lang,
                           chemin=str(settings.store_path)), err=True)
    text = render_report(report, fmt, lang=settings.lang)
    if target is not None:
        target.write_text(text, encoding="utf-8")
        click.echo(written_summary(report, target, lang=settings.lang))
    else:
        click.echo(text, nl=False)
    if not report.conforms:
        click.get_current_context().exit(1)


@main.command()
@click.argument("fichier", type=click.Path(exists=True))
@click.option("--departement", metavar="CODE", default=None,
              help="Département dont c'est la soumission (graphe graphe/soumission/CODE).")
@click.option("--structure", metavar="ID", default=None,
              help="Ou : identifiant d'une structure, pour ses données de suivi privées "
                   "(graphe graphe/prive/ID, jamais publié).")
@click.option("--par", "by", metavar="NOM", default=None,
              help="Qui verse (gardé dans l'historique, jamais publié).")
@click.option("--rapport", "report_path", metavar="FICHIER", default=None,
              help="Écrire aussi le rapport de validation dans ce fichier (.html, .json, .txt).")
@click.pass_obj
def submit(settings: Settings, fichier: str, departement: str | None, structure: str | None,
           by: str | None, report_path: str | None) -> None:
    """Valide puis verse une soumission dans le graphe régional, d'un seul coup.

    Si le fichier respecte les règles, il remplace la soumission du département (ou les
    données privées de la structure) en une seule transaction ; la version précédente reste
    dans l'historique (« ppgraph history ») et la provenance est notée : date, auteur si
    donné, nom et SHA-256 du fichier, version de ppgraph. S'il ne les respecte pas, le
    rapport s'affiche, le magasin reste exactement tel qu'il était et le code de sortie est 1.

    \b
    Exemples :
      ppgraph submit gironde-2025.xlsx --departement 33 --par "C. Martin"
      ppgraph submit suivi-ot.xlsx --structure 33-OT-004 --departement 33
    """
    from ppgraph.submission import SubmissionRefused, describe_submitted, target_graph
    from ppgraph.submission import submit as submit_submission
    from ppgraph.validation import read_submission, render_report, report_format

    target_graph(departement, structure)  # a missing --departement is said before any work
    report_file = _output_file(report_path) if report_path else None
    with settings.open_store() as store:
        with _steps(message("submission.progression", settings.lang), 3) as bar:
            result = read_submission(fichier, departement=departement)
            bar.update(1)
            try:
                done = submit_submission(store, result, departement=departement,
                                         structure=structure, by=by)
                report, refused = done.report, None
            except SubmissionRefused as err:
                report, refused = err.report, err
            bar.update(2)
    if report_file is not None:
        report_file.write_text(render_report(report, report_format(report_file),
                                             lang=settings.lang), encoding="utf-8")
    if refused is not None:
        click.echo(render_report(report, "text", lang=settings.lang), nl=False)
        raise refused
    click.echo(describe_submitted(done, lang=settings.lang))


@main.command()
@click.option("--departement", metavar="CODE", default=None, help="Seulement ce département.")
@click.option("--structure", metavar="ID", default=None,
              help="Seulement les données privées de cette structure.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table : lisible ; json : pour un programme.")
@click.pass_obj
def history(settings: Settings, departement: str | None, structure: str | None, fmt: str) -> None:
    """Liste les versions versées (« ppgraph submit ») ou restaurées, graphe par graphe.

    \b
    Exemples :
      ppgraph history
      ppgraph history --departement 33
    """
    from ppgraph.submission import history as submission_history, render_history

    with settings.open_store(read_only=True) as store:
        versions = submission_history(store, departement=departement, structure=structure)
    click.echo(render_history(versions, fmt, lang=settings.lang))


@main.command()
@click.option("--departement", metavar="CODE", default=None, help="Département de la soumission.")
@click.option("--structure", metavar="ID", default=None,
              help="Ou : structure dont on restaure les données privées.")
@click.option("--version", "number", type=click.IntRange(0), required=True,
              help="Numéro de la version à ramener (voir « ppgraph history »).")
@click.option("--par", "by", metavar="NOM", default=None, help="Qui restaure (historique).")
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
@click.pass_obj
def restore(settings: Settings, departement: str | None, structure: str | None, number: int,
            by: str | None, yes: bool) -> None:
    """Ramène une version de l'historique comme version courante, d'un seul coup.

    La version remplacée rejoint l'historique ; la version ramenée devient une nouvelle
    version (rien ne se perd).

    \b
    Exemple :
      ppgraph restore --departement 33 --version 1
    """
    from ppgraph.submission import describe_restored, restore as restore_version, \
        restore_question, target_graph

    target = target_graph(departement, structure)
    if not yes and not _confirm(restore_question(number, target, settings.location,
                                                 lang=settings.lang)):
        raise click.Abort()
    with settings.open_store() as store:
        v = restore_version(store, number, departement=departement, structure=structure, by=by)
    click.echo(describe_restored(v, number, lang=settings.lang))


@main.command()
@click.option("--departement", metavar="CODE", default=None, help="Département à exporter.")
@click.option("--structure", metavar="ID", default=None,
              help="Ou : données privées de cette structure.")
@click.option("-o", "--output", "output", metavar="FICHIER", required=True,
              help="Classeur à écrire (.xlsx), ou dossier avec --format csv.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None,
              help="xlsx (défaut) ou csv (un fichier par feuille).")
@click.option("--donnees-personnelles", "personal", is_flag=True,
              help="Écrire aussi les données personnelles (noms, courriels, téléphones...). "
                   "Par défaut ces colonnes restent vides.")
@click.pass_obj
def export(settings: Settings, departement: str | None, structure: str | None, output: str,
           fmt: str | None, personal: bool) -> None:
    """Écrit ce que le magasin tient d'une soumission dans le modèle de tableur, pour que la
    mise à jour de l'an prochain parte des données de cette année.

    \b
    Exemples :
      ppgraph export --departement 33 -o gironde-2026.xlsx
      ppgraph export --departement 33 -o gironde-2026.xlsx --donnees-personnelles
    """
    from ppgraph.spreadsheet import output_format
    from ppgraph.submission import describe_exported, export_submission, target_graph

    target_graph(departement, structure)  # a missing --departement is said before any work
    fmt = output_format(output, fmt)
    if fmt == "xlsx":
        _output_file(output)
    with settings.open_store(read_only=True) as store:
        done = export_submission(store, output, departement=departement, structure=structure,
                                 format=fmt, include_personal=personal, lang=settings.lang)
    text, warning = describe_exported(done, lang=settings.lang)
    click.echo(text)
    if warning:
        click.echo(warning, err=True)

# --- fin soumissions ---


# --- questions et serveur SPARQL ---

@main.command()
@click.argument("nom", required=False)
@click.option("--list", "show_list", is_flag=True,
              help="Liste les questions nommées (avec NOM : le détail de celle-ci).")
@click.option("-q", "--query", "text", metavar="SPARQL", default=None,
              help="Requête SPARQL à poser (les préfixes pp:, ref:, rdfs:, skos:... sont "
                   "déclarés).")
@click.option("-f", "--file", "path", metavar="FICHIER.rq", default=None,
              type=click.Path(exists=True, dir_okay=False),
              help="Fichier de requête SPARQL (.rq) ; avec un en-tête « # @param », ses "
                   "paramètres sont typés comme ceux d'une question nommée.")
@click.option("-p", "--param", "params", multiple=True, metavar="NOM=VALEUR",
              help="Valeur d'un paramètre, répétable. Question nommée : code ou libellé "
                   "(departement=Gironde, type=camping). Requête libre : terme RDF comme en "
                   "Turtle (<https://…>, pp:Nom, \"texte\"@fr, 42).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "turtle"]),
              default=None, help="table (défaut) : colonnes alignées et libellés ; csv : pour "
                                 "un tableur ; json : résultats SPARQL 1.1 ; turtle : graphe "
                                 "d'un CONSTRUCT (défaut pour un CONSTRUCT).")
@click.option("-o", "--output", "output", metavar="FICHIER", default=None,
              help="Écrire la réponse dans ce fichier plutôt qu'à l'écran.")
@click.option("--sep", metavar="SÉPARATEUR", default=";", show_default=True,
              help="Séparateur du CSV ; « ; » donne aussi la virgule décimale (Excel en "
                   "français), « , » le point décimal.")
@click.option("--sans-bom", "no_bom", is_flag=True,
              help="CSV sans marque d'ordre UTF-8 (BOM) : Excel la demande pour lire les "
                   "accents, d'autres outils non.")
@click.option("--iri", "iris", is_flag=True,
              help="Montrer les IRI au lieu des libellés (table et csv).")
@click.option("--largeur", "width", metavar="N", type=click.IntRange(10), default=48,
              show_default=True,
              help="Table : largeur maximale d'une colonne de texte (au-delà, retour à la "
                   "ligne dans la cellule).")
@click.option("--allow-update", is_flag=True,
              help="Autoriser une mise à jour SPARQL (INSERT, DELETE, DROP, CLEAR, LOAD...) : "
                   "refusée sinon, le magasin n'est alors pas touché.")
@click.option("--allow-service", is_flag=True,
              help="Autoriser SERVICE et LOAD, qui vont chercher des données sur un autre "
                   "serveur : refusés sinon.")
@click.pass_obj
def query(settings: Settings, nom: str | None, show_list: bool, text: str | None,
          path: str | None, params: tuple[str, ...], fmt: str | None, output: str | None,
          sep: str, no_bom: bool, iris: bool, width: int, allow_update: bool,
          allow_service: bool) -> None:
    """Pose une question au graphe : une question nommée, ou une requête SPARQL.

    Les questions nommées (ppgraph query --list) répondent aux besoins du réseau : qui fait
    quoi dans un département, où orienter un porteur de projet, niveaux d'accompagnement,
    manques de couverture, parcours d'un projet, réseau des orientations, porteurs devenus
    prestataires. Les valeurs des paramètres sont liées comme termes RDF, jamais collées
    dans le texte de la requête.

    Une requête libre (-q ou -f) est en lecture seule : une mise à jour est refusée sans
    --allow-update, SERVICE et LOAD sans --allow-service.

    \b
    Exemples :
      ppgraph query --list
      ppgraph query qui-fait-quoi --param departement=33
      ppgraph query orientation -p territoire=24520 -p type=camping -p etape=idee
      ppgraph query niveaux --format csv -o niveaux.csv
      ppgraph query -q 'SELECT ?s WHERE { ?s a pp:Structure } LIMIT 5'
    """
    from ppgraph.questions import (ask_question, parse_assignments, question_help,
                                   questions_overview, render_answer, run_sparql,
                                   written_message)

    sources = [x for x in (nom, text, path) if x]
    if show_list and not text and not path:
        click.echo(question_help(nom, settings.lang) if nom else questions_overview(settings.lang))
        return
    if len(sources) != 1:
        raise click.UsageError(message("questions.une_source", settings.lang))
    target = _output_file(output) if output else None
    values = parse_assignments(params)
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as err:
            raise ppgraph.InputError("questions.pas_utf8", fichier=path, detail=str(err)) \
                from err
    with settings.open_store(read_only=not allow_update) as store:
        if nom:
            answer = ask_question(store, nom, values, lang=settings.lang)
        else:
            answer = run_sparql(store, text, values, allow_update=allow_update,
                                allow_service=allow_service, lang=settings.lang)
    out = render_answer(answer, fmt, iris=iris, width=width, sep=sep, bom=not no_bom)
    if target is not None:
        with open(target, "w", encoding="utf-8", newline="") as fh:
            fh.write(out)
        click.echo(written_message(answer, target))
    else:
        click.echo(out, nl=False)


@main.command()
@click.option("--endpoint", "endpoint", metavar="URL", envvar="PPGRAPH_ENDPOINT", default=None,
              help="Serveur SPARQL de destination (par défaut : celui de « ppgraph --endpoint » "
                   "ou $PPGRAPH_ENDPOINT).")
@click.option("--graphe", "graphs", multiple=True, metavar="IRI",
              help="Ne copier que ce graphe nommé (répétable). Par défaut : tous.")
@click.option("--miroir", "mirror", is_flag=True,
              help="Supprimer aussi du serveur les graphes que le magasin n'a pas : le serveur "
                   "devient une copie exacte.")
@click.pass_obj
def push(settings: Settings, endpoint: str | None, graphs: tuple[str, ...], mirror: bool) -> None:
    """Copie le magasin embarqué (--store) vers un serveur SPARQL 1.1.

    Chaque graphe nommé est envoyé dans un graphe d'attente du serveur (Graph Store
    Protocol), puis une seule mise à jour SPARQL remplace d'un coup les graphes du même
    nom : les lecteurs du serveur voient l'ancienne copie ou la nouvelle, jamais un mélange.
    Les nombres de triplets sont ensuite vérifiés graphe par graphe.

    \b
    Exemple :
      oxigraph serve --location /srv/ppgraph --bind 127.0.0.1:7878 --union-default-graph &
      ppgraph --store ppgraph-demo/store push --endpoint http://127.0.0.1:7878
    """
    url = endpoint or settings.endpoint_url
    if not url:
        raise click.UsageError(message("store.push_sans_serveur", settings.lang))
    with Store(settings.store_path, read_only=True) as store:
        chosen = graphs_to_push(store, graphs or None)
        server = Endpoint(url)
        label = message("store.push_envoi", settings.lang, url=server.url)
        with click.progressbar(length=len(chosen), label=label, file=sys.stderr) as bar:
            report = push_store(store, server, graphs=chosen, mirror=mirror,
                                progress=lambda g: bar.update(1))
    click.echo(report.render(settings.lang))


# --- fin questions et serveur SPARQL ---


if __name__ == "__main__":  # pragma: no cover
    main()
