"""The ``ppgraph`` command line: a thin layer over the library's public API.

Each command parses its options, calls one documented library function and prints the
result. Errors are typed (``ppgraph.errors``): a user's mistake prints one French line and
exits with code 2 (1 when data does not conform); ``--debug`` shows the traceback.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

import ppgraph
from ppgraph.errors import PpgraphError
from ppgraph.store import default_store_path, open_store
from ppgraph.summary import store_summary

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


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
        except Exception as err:  # a bug: say so plainly, keep the traceback for --debug
            if _debug_requested(ctx):
                raise
            click.echo(f"Erreur inattendue ({type(err).__name__} : {err}). Relancez avec "
                       "--debug pour le détail et signalez-la aux mainteneurs de ppgraph.", err=True)
            ctx.exit(2)


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
        labels = sorted({c for d in summary.departements.values() for c in d["classes"]})
        click.echo("")
        click.echo("Par département (code INSEE) :")
        click.echo(_table(["Classe"] + codes + ["Total"],
                          [[lab] + [_n(summary.departements[c]["classes"].get(lab, 0)) for c in codes]
                           + [_n(sum(d["classes"].get(lab, 0) for d in summary.departements.values()))]
                           for lab in labels],
                          right=set(range(1, len(codes) + 2))))
        click.echo("")
        click.echo("  ".join(f"{c} {d['nom']}" for c, d in summary.departements.items()))


def _confirm(question: str) -> bool:
    """A yes/no question; no answer (no terminal, end of input) counts as no."""
    try:
        return click.confirm(question, default=False, err=True)
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
    with settings.open_store(read_only=True) as store:
        store.dump(output)
        n = store.count()
    click.echo(f"{_n(n)} quads écrits dans {output}")


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
    if not yes and not _confirm(f"Remplacer tout le contenu de {settings.store_path} ? (y pour oui)"):
        click.echo("Annulé : le magasin n'a pas été modifié (--yes pour ne pas être interrogé).",
                   err=True)
        raise click.exceptions.Exit(2)
    with settings.open_store() as store:
        n = store.restore(fichier)
    click.echo(f"{_n(n)} quads chargés depuis {fichier} dans {settings.store_path}")


if __name__ == "__main__":  # pragma: no cover
    main()
