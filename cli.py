"""The ``ppgraph`` command line: a thin layer over the library's public API.

Each command reads its options, calls one documented library function and prints what the
library words, in the language of ``--lang``. Help texts are in the message catalogues
(``ppgraph/locales/<lang>/cli.json``); errors are typed (``ppgraph.errors``) and
:class:`ppgraph.commandline.CatalogueGroup` turns them into one line and an exit code: 2 for a
user's mistake, 1 when data does not conform; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

import ppgraph
from ppgraph.commandline import (CatalogueGroup, CatalogueOption, accept_everywhere, argument,
                                 confirm, option, progress, writable_file)
from ppgraph.i18n import message, plural
from ppgraph.store import (DEFAULT_STORE, DEMO_FOLDER, WRITER_WAIT, Endpoint, GraphStore, Store,
                           check_model_version, default_store_path, graphs_to_push, open_store,
                           push_store)
from ppgraph.summary import store_summary, summary_json, summary_report

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Settings:
    """Options shared by every command (``--store``, ``--endpoint``, ``--lang``, ``--debug``),
    typed before or after the subcommand (``ppgraph viz --store X`` as ``ppgraph --store X
    viz``).

    Which store the commands work on: ``--store`` given on the command line wins over
    ``PPGRAPH_ENDPOINT`` from the environment (and ``--endpoint`` over ``PPGRAPH_STORE``);
    both from the environment, the server; both on the command line, a usage error when a
    command opens the store (``push`` reads the one and writes to the other). With no store
    named at all, the default store is ``./ppgraph-store``, or the demo's
    (``./ppgraph-demo/store``) when only that one exists, which is said on stderr.
    """

    def __init__(self, store: str | None, lang: str, debug: bool, endpoint: str | None = None,
                 *, store_given: bool = False, endpoint_given: bool = False):
        self._store = store or None
        self._endpoint = endpoint or None
        self._store_given = store_given
        self._endpoint_given = endpoint_given
        self.lang = lang
        self.debug = debug
        self._told = False

    def given(self, name: str, value: object) -> None:
        """An option of the main command typed after the subcommand: it counts as typed."""
        if name == "store":
            self._store, self._store_given = str(value), True
        elif name == "endpoint":
            self._endpoint, self._endpoint_given = str(value), True
        elif name == "lang":
            self.lang = str(value)
        elif name == "debug":
            self.debug = bool(value)

    @property
    def store_path(self) -> Path:
        """The embedded store's folder: the one named, else the default one."""
        return Path(self._store) if self._store else default_store_path(Path.cwd())

    @property
    def endpoint_url(self) -> str | None:
        """URL of the SPARQL server named by --endpoint or $PPGRAPH_ENDPOINT, if any."""
        return self._endpoint

    @property
    def endpoint(self) -> str | None:
        """URL of the SPARQL server the commands work on; None: the embedded store."""
        use_store = bool(self._store) and self._store_given and not self._endpoint_given
        return None if use_store else self._endpoint

    def open_store(self, read_only: bool = False, wait: bool = False) -> GraphStore:
        """The store every command works on (``with settings.open_store() as store:``): the
        SPARQL server if one was chosen (same interface, same atomicity), else the
        embedded store. ``wait``: a submission waits for another writer (two submits at
        once) instead of being refused at once."""
        if self._store and self._endpoint and self._store_given and self._endpoint_given:
            # Both are options of the main command: its usage line is the one to show.
            ctx = click.get_current_context(silent=True)
            raise click.UsageError(message("store.magasin_et_serveur", self.lang),
                                   ctx.find_root() if ctx is not None else None)
        # A writer waits for another one (two submits at once), saying so on stderr.
        waiting = {"wait": WRITER_WAIT if wait and not read_only else 0,
                   "on_wait": lambda m: click.echo(m.render(self.lang), err=True)}
        if self.endpoint:
            server = open_store(read_only=read_only, endpoint=self.endpoint, **waiting)
            check_model_version(server, self.endpoint)  # the embedded store is checked on opening
            return server
        self.tell_demo_store()
        return open_store(self.store_path, read_only=read_only, **waiting)

    def tell_demo_store(self) -> None:
        """Say on stderr, once, that the demo's store is used because no other was named."""
        if self._store or self._told or self.store_path == Path(DEFAULT_STORE):
            return
        self._told = True
        click.echo(message("store.magasin_de_la_demo", self.lang, chemin=str(self.store_path),
                           defaut=DEFAULT_STORE), err=True)

    @property
    def location(self) -> str:
        """What a message should name: the server's URL or the store's folder."""
        return self.endpoint or str(self.store_path)


def _on_command_line(ctx: click.Context, name: str) -> bool:
    """Whether the option ``name`` was typed on the command line (not taken from the
    environment or a default)."""
    return ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE


@click.group(cls=CatalogueGroup, context_settings=CONTEXT)
@click.version_option(ppgraph.__version__, "-V", "--version", prog_name="ppgraph",
                      message="%(prog)s %(version)s", cls=CatalogueOption)
@option("--store", metavar="DOSSIER", envvar="PPGRAPH_STORE", default=None)
@option("--endpoint", metavar="URL", envvar="PPGRAPH_ENDPOINT", default=None)
@option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@option("--debug", is_flag=True)
@click.pass_context
def main(ctx: click.Context, store: str | None, endpoint: str | None, lang: str,
         debug: bool) -> None:
    """The knowledge graph of support to tourism project holders. (Help: cli.commandes.ppgraph.)"""
    ctx.obj = Settings(store, lang, debug, endpoint,
                       store_given=_on_command_line(ctx, "store"),
                       endpoint_given=_on_command_line(ctx, "endpoint"))


@main.group(invoke_without_command=True)
@option("-o", "--output", "output", metavar="DOSSIER", default=DEMO_FOLDER,
              show_default=True)
@click.pass_context
def demo(ctx: click.Context, output: str) -> None:
    """Builds the demonstration: store and website on fictitious data. (Help: cli.commandes.demo.)"""
    if ctx.invoked_subcommand is not None:
        return
    from ppgraph.demo import build_demo, build_steps

    lang = ctx.obj.lang
    with progress(message("demo.construction", lang), build_steps()) as bar:
        result = build_demo(Path(output), lang=lang, progress=lambda _step: bar.update(1))
    click.echo(result.report(lang))


@demo.command("generer")
@option("--seed", metavar="N", type=int, default=2019, show_default=True)
@option("--scale", metavar="X", type=float, default=1.0, show_default=True)
@option("--departements", metavar="CODES", default=None)
@option("-o", "--output", "output", metavar="DOSSIER", required=True)
@option("--sans-classeurs", is_flag=True)
@click.pass_obj
def demo_generate(settings: Settings, seed: int, scale: float, departements: str | None,
                  output: str, sans_classeurs: bool) -> None:
    """Regenerates the demo's fictitious data. (Help: cli.commandes.demo.generer.)"""
    from ppgraph.demo import generation_steps, parse_departements, write_demo_folder

    codes = parse_departements(departements)
    workbooks = not sans_classeurs
    with progress(message("demo.generation", settings.lang),
                  generation_steps(codes, workbooks)) as bar:
        result = write_demo_folder(output, seed=seed, scale=scale, departements=codes,
                                   workbooks=workbooks, progress=lambda _step: bar.update(1))
    click.echo(result.report(settings.lang))


@main.command()
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.pass_obj
def info(settings: Settings, fmt: str) -> None:
    """What the store holds: graphs, triples, counts. (Help: cli.commandes.info.)"""
    with settings.open_store(read_only=True) as store:
        summary = store_summary(store, lang=settings.lang)
    if fmt == "json":
        click.echo(json.dumps(summary_json(summary), ensure_ascii=False, indent=2))
        return
    click.echo(summary_report(summary, settings.location, settings.lang))


@main.command()
@option("-o", "--output", "output", metavar="FICHIER", required=True)
@click.pass_obj
def dump(settings: Settings, output: str) -> None:
    """Backs up the whole store as TriG or N-Quads. (Help: cli.commandes.dump.)"""
    target = writable_file(output)
    with settings.open_store(read_only=True) as store:
        store.dump(target)
        n = store.count()
    click.echo(plural("store.sauvegarde_ecrite", n, settings.lang, fichier=output))


@main.command()
@argument("fichier", type=click.Path(exists=True, dir_okay=False))
@option("--yes", is_flag=True)
@click.pass_obj
def load(settings: Settings, fichier: str, yes: bool) -> None:
    """Replaces the whole store with a backup. (Help: cli.commandes.load.)"""
    if not yes and not confirm(message("store.confirmer_remplacement", settings.lang,
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


def _network_graph(settings: Settings, *, projets: bool = False, personnel: bool = False,
                   departement: str | None = None):
    """The actor graph of the store, with a progress bar on stderr (only what the view of
    ``departement`` needs, when one is given and has structures)."""
    from ppgraph.network import actor_graph, departement_subgraph

    with progress(message("network.lecture", settings.lang), 1) as bar:
        with settings.open_store(read_only=True) as store:
            options = {"lang": settings.lang, "include_projects": projets,
                       "include_personal": personnel}
            graph = None
            if departement:
                try:
                    graph = actor_graph(store, departement=departement, **options)
                    departement_subgraph(graph, departement)
                except ppgraph.InputError:  # not a département, or not in the network:
                    graph = None            # said by the selection, from the whole network
            if graph is None:
                graph = actor_graph(store, **options)
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
    """The actor network: analysis and export (Gephi, Cytoscape). (Help: cli.commandes.network.)"""


@network_group.command(name="stats")
@option("--departement", metavar="CODE", default=None)
@option("--top", metavar="N", type=click.IntRange(1), default=10, show_default=True)
@option("--liens", metavar="TYPES", default=None)
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.pass_obj
def network_stats(settings: Settings, departement: str | None, top: int, liens: str | None,
                  fmt: str) -> None:
    """Network hubs, brokers, isolated organisations, components. (Help: cli.commandes.network.stats.)"""
    from ppgraph.network import network_report, network_statistics

    graph = _network_graph(settings)
    stats = network_statistics(graph, departement=departement, top=top,
                               links=_split_links(liens))
    if fmt == "json":
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    click.echo(network_report(stats, graph, top=top, lang=settings.lang))


@network_group.command(name="export")
@option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json"]), default=None)
@option("-o", "--output", "output", metavar="FICHIER", required=True)
@option("--departement", metavar="CODE", default=None)
@option("--projets", is_flag=True)
@option("--include-personal", is_flag=True)
@click.pass_obj
def network_export(settings: Settings, fmt: str | None, output: str, departement: str | None,
                   projets: bool, include_personal: bool) -> None:
    """Exports the network for Gephi or Cytoscape. (Help: cli.commandes.network.export.)"""
    from ppgraph.network import export_format, export_summary, select, write_network

    fmt = export_format(output, fmt)
    graph = select(_network_graph(settings, projets=projets, personnel=include_personal),
                   departement=departement)
    path = write_network(graph, output, fmt)
    click.echo(export_summary(graph, path, fmt, settings.lang))
    if include_personal:
        click.echo(message("network.export.personnel", settings.lang), err=True)


@main.command()
@option("-o", "--output", "output", metavar="FICHIER", default="reseau.html",
              show_default=True)
@option("--departement", metavar="CODE", default=None)
@option("--structure", metavar="ID", default=None)
@option("--depth", metavar="N", type=click.IntRange(0, 10), default=None)
@option("--projets", is_flag=True)
@option("--include-personal", is_flag=True)
@option("--titre", metavar="TEXTE", default=None)
@click.pass_obj
def viz(settings: Settings, output: str, departement: str | None, structure: str | None,
        depth: int | None, projets: bool, include_personal: bool, titre: str | None) -> None:
    """Interactive view of the actor network (offline HTML page). (Help: cli.commandes.viz.)"""
    from ppgraph.network import check_selection, select
    from ppgraph.viz import view_summary, write_view

    check_selection(departement=departement, structure=structure, depth=depth)
    graph = select(_network_graph(settings, projets=projets, personnel=include_personal,
                                  departement=departement),
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


@main.command()
@option("-o", "--output", "output", metavar="FICHIER", required=True)
@option("--departement", metavar="CODE", default=None)
@option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None)
@click.pass_obj
def template(settings: Settings, output: str, departement: str | None, fmt: str | None) -> None:
    """Writes the spreadsheet template to fill in. (Help: cli.commandes.template.)"""
    from ppgraph.spreadsheet import output_format, template_summary, write_template

    fmt = output_format(output, fmt)
    if fmt == "xlsx":
        writable_file(output)
    path = write_template(output, departement=departement, format=fmt, lang=settings.lang)
    click.echo(template_summary(path, fmt, lang=settings.lang))


def _limits(size_mb: float | None):
    """The reading limits of ``--taille-max`` (None: the defaults)."""
    from ppgraph.spreadsheet.archive import Limits, mb

    return Limits(size=mb(size_mb)) if size_mb else Limits()


_SIZE = click.FloatRange(min=0.001)


@main.command(name="import")
@argument("fichier", type=click.Path(exists=True))
@option("-o", "--output", "output", metavar="FICHIER", required=True)
@option("--departement", metavar="CODE", default=None)
@option("--taille-max", "size_mb", metavar="MO", type=_SIZE, default=None)
@click.pass_obj
def import_(settings: Settings, fichier: str, output: str, departement: str | None,
            size_mb: float | None) -> None:
    """Converts a workbook or CSV files to RDF. (Help: cli.commandes.import.)"""
    from ppgraph.spreadsheet import describe_import, graph_format, write_graph
    from ppgraph.validation import read_submission

    target = writable_file(output)
    graph_format(target)  # an unknown extension is said before the file is read
    result = read_submission(fichier, departement=departement, limits=_limits(size_mb))
    write_graph(result.graph, target)
    text, remarks = describe_import(result, target, lang=settings.lang)
    click.echo(text)
    if remarks:
        click.echo(remarks, err=True)


@main.command()
@argument("fichier", type=click.Path(exists=True))
@option("--format", "fmt", type=click.Choice(["text", "html", "json", "turtle"]),
              default="text", show_default=True)
@option("-o", "--output", "output", metavar="FICHIER", default=None)
@option("--departement", metavar="CODE", default=None)
@option("--structure", metavar="ID", default=None)
@option("--sans-magasin", "no_store", is_flag=True)
@option("--taille-max", "size_mb", metavar="MO", type=_SIZE, default=None)
@click.pass_obj
def validate(settings: Settings, fichier: str, fmt: str, output: str | None,
             departement: str | None, structure: str | None, no_store: bool,
             size_mb: float | None) -> None:
    """Checks a submission against the shared rules. (Help: cli.commandes.validate.)"""
    from ppgraph.validation import read_submission, render_report, written_summary
    from ppgraph.validation import validate as validate_submission

    target = writable_file(output) if output else None
    with progress(message("validation.progression", settings.lang), 3) as bar:
        result = read_submission(fichier, departement=departement, limits=_limits(size_mb))
        bar.update(1)
        store = None if no_store else _submission_store(settings, required=False)
        try:
            bar.update(1)
            # The same check as submit's: with the store, the graph the file would replace
            # is left out of what its references may find.
            report = validate_submission(result, store=store, departement=departement,
                                         structure=structure)
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
@argument("fichier", nargs=-1, required=True, type=click.Path(exists=True))
@option("--departement", metavar="CODE", default=None)
@option("--structure", metavar="ID", default=None)
@option("--par", "by", metavar="NOM", default=None)
@option("--rapport", "report_path", metavar="FICHIER", default=None)
@option("--taille-max", "size_mb", metavar="MO", type=_SIZE, default=None)
@click.pass_obj
def submit(settings: Settings, fichier: tuple[str, ...], departement: str | None,
           structure: str | None, by: str | None, report_path: str | None,
           size_mb: float | None) -> None:
    """Validates then submits a submission, in one go. (Help: cli.commandes.submit.)"""
    from ppgraph.submission import SubmissionRefused, describe_submitted, target_graph
    from ppgraph.submission import submit as submit_submission
    from ppgraph.batch import batch_files
    from ppgraph.validation import read_submission, render_report, report_format

    files = batch_files(fichier)
    if len(fichier) > 1 or files != [Path(fichier[0])]:
        return _submit_batch(settings, files, departement or structure, by, report_path,
                             size_mb)
    fichier = fichier[0]
    if departement or structure:
        target_graph(departement, structure)  # an unknown département is said before any work
    report_file = writable_file(report_path) if report_path else None
    with settings.open_store(wait=True) as store:
        with progress(message("submission.progression", settings.lang), 3) as bar:
            result = read_submission(fichier, departement=departement,
                                     limits=_limits(size_mb))
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


def _submit_batch(settings: Settings, files: list[Path], single_option: str | None,
                  by: str | None, report_path: str | None, size_mb: float | None) -> None:
    """``ppgraph submit`` of several files or a folder: validated together, one report."""
    from ppgraph.batch import batch_steps, describe_batch, render_batch, submit_batch

    if single_option:
        raise click.UsageError(message("submission.lot.options_uniques", settings.lang))
    report_file = None
    if report_path:
        suffix = Path(report_path).suffix.lower()
        if suffix not in (".txt", ".json", ".md", ""):
            raise click.UsageError(message("submission.lot.rapport_format", settings.lang,
                                           suffixe=suffix))
        report_file = writable_file(report_path)
    with settings.open_store(wait=True) as store:
        with progress(message("submission.lot.progression", settings.lang),
                      batch_steps(files)) as bar:
            batch = submit_batch(store, files, by=by, limits=_limits(size_mb),
                                 progress=lambda _name: bar.update(1))
    if report_file is not None:
        fmt = "json" if report_file.suffix.lower() == ".json" else "text"
        report_file.write_text(render_batch(batch, fmt, lang=settings.lang), encoding="utf-8")
    click.echo(render_batch(batch, "text", lang=settings.lang), nl=False)
    if not batch.conforms:
        click.get_current_context().exit(1)


@main.command()
@option("--departement", metavar="CODE", default=None)
@option("--structure", metavar="ID", default=None)
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.pass_obj
def history(settings: Settings, departement: str | None, structure: str | None, fmt: str) -> None:
    """Lists the submitted or restored versions. (Help: cli.commandes.history.)"""
    from ppgraph.submission import history as submission_history, render_history

    with settings.open_store(read_only=True) as store:
        versions = submission_history(store, departement=departement, structure=structure)
    click.echo(render_history(versions, fmt, lang=settings.lang))


@main.command()
@option("--departement", metavar="CODE", default=None)
@option("--structure", metavar="ID", default=None)
@option("--version", "number", metavar="N", type=click.IntRange(0), required=True)
@option("--par", "by", metavar="NOM", default=None)
@option("--yes", is_flag=True)
@option("--force", is_flag=True)
@click.pass_obj
def restore(settings: Settings, departement: str | None, structure: str | None, number: int,
            by: str | None, yes: bool, force: bool) -> None:
    """Brings an earlier version back as the current one. (Help: cli.commandes.restore.)"""
    from ppgraph.submission import RestoreRefused, describe_restored, restore as restore_version, \
        restore_question, target_graph
    from ppgraph.validation import render_report

    target = target_graph(departement, structure)
    if not yes and not confirm(restore_question(number, target, settings.location,
                                                 lang=settings.lang)):
        raise click.Abort()
    with settings.open_store(wait=True) as store:
        try:
            v = restore_version(store, number, departement=departement, structure=structure,
                                by=by, force=force)
        except RestoreRefused as err:  # today's rules refuse it: say why, as submit does
            click.echo(render_report(err.report, "text", lang=settings.lang), nl=False)
            raise
    click.echo(describe_restored(v, number, lang=settings.lang))


@main.command()
@option("--departement", metavar="CODE", default=None)
@option("--structure", metavar="ID", default=None)
@option("-o", "--output", "output", metavar="FICHIER", required=True)
@option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None)
@option("--donnees-personnelles", "personal", is_flag=True)
@click.pass_obj
def export(settings: Settings, departement: str | None, structure: str | None, output: str,
           fmt: str | None, personal: bool) -> None:
    """Writes a submission of the store into the spreadsheet template. (Help: cli.commandes.export.)"""
    from ppgraph.spreadsheet import output_format
    from ppgraph.submission import describe_exported, export_submission, target_graph

    target_graph(departement, structure)  # a missing --departement is said before any work
    fmt = output_format(output, fmt)
    if fmt == "xlsx":
        writable_file(output)
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
@argument("nom", required=False)
@option("--list", "show_list", is_flag=True)
@option("-q", "--query", "text", metavar="SPARQL", default=None)
@option("-f", "--file", "path", metavar="FICHIER.rq", default=None,
              type=click.Path(exists=True, dir_okay=False))
@option("-p", "--param", "params", multiple=True, metavar="NOM=VALEUR")
@option("--format", "fmt", type=click.Choice(["table", "csv", "json", "turtle"]),
              default=None)
@option("-o", "--output", "output", metavar="FICHIER", default=None)
@option("--sep", metavar="SÉPARATEUR", default=";", show_default=True)
@option("--sans-bom", "no_bom", is_flag=True)
@option("--iri", "iris", is_flag=True)
@option("--largeur", "width", metavar="N", type=click.IntRange(10), default=48,
              show_default=True)
@option("--allow-update", is_flag=True)
@option("--allow-service", is_flag=True)
@click.pass_obj
def query(settings: Settings, nom: str | None, show_list: bool, text: str | None,
          path: str | None, params: tuple[str, ...], fmt: str | None, output: str | None,
          sep: str, no_bom: bool, iris: bool, width: int, allow_update: bool,
          allow_service: bool) -> None:
    """Asks a named question or a SPARQL query. (Help: cli.commandes.query.)"""
    from ppgraph.questions import (ask_question, parse_assignments, question_help,
                                   questions_overview, render_answer, run_sparql,
                                   written_message)

    sources = [x for x in (nom, text, path) if x]
    if show_list and not text and not path:
        click.echo(question_help(nom, settings.lang) if nom else questions_overview(settings.lang))
        return
    if len(sources) != 1:
        raise click.UsageError(message("questions.une_source", settings.lang))
    target = writable_file(output) if output else None
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
@option("--endpoint", "endpoint", metavar="URL", envvar="PPGRAPH_ENDPOINT", default=None)
@option("--graphe", "graphs", multiple=True, metavar="IRI")
@option("--miroir", "mirror", is_flag=True)
@click.pass_obj
def push(settings: Settings, endpoint: str | None, graphs: tuple[str, ...], mirror: bool) -> None:
    """Copies the embedded store to a SPARQL server. (Help: cli.commandes.push.)"""
    url = endpoint or settings.endpoint_url
    if not url:
        raise click.UsageError(message("store.push_sans_serveur", settings.lang))
    settings.tell_demo_store()
    with Store(settings.store_path, read_only=True) as store:
        chosen = graphs_to_push(store, graphs or None)
        server = Endpoint(url)
        label = message("store.push_envoi", settings.lang, url=server.url)
        with progress(label, len(chosen)) as bar:
            report = push_store(store, server, graphs=chosen, mirror=mirror,
                                progress=lambda g: bar.update(1))
    click.echo(report.render(settings.lang))


# --- fin questions et serveur SPARQL ---


# --- outils communs : guide du porteur de projet, ajouts locaux, glossaire, groupe de travail ---

@main.command()
@option("--departement", metavar="CODE", required=True)
@option("--epci", metavar="SIREN", default=None)
@option("-o", "--output", "output", metavar="FICHIER", default=None)
@option("--format", "fmt", type=click.Choice(["html", "md"]), default=None)
@option("--blocs", "blocks", is_flag=True)
@click.pass_obj
def guide(settings: Settings, departement: str, epci: str | None, output: str | None,
          fmt: str | None, blocks: bool) -> None:
    """The guide du porteur de projet of a territory. (Help: cli.commandes.guide.)"""
    from ppgraph.guide import block_listing, guide_content, guide_markdown, write_guide

    with settings.open_store(read_only=True) as store:
        if blocks:
            click.echo(block_listing(store, departement, epci=epci, lang=settings.lang), nl=False)
            return
        if output is None and fmt == "md":
            click.echo(guide_markdown(guide_content(store, departement, epci=epci,
                                                    lang=settings.lang)), nl=False)
            return
        target = writable_file(output or f"guide-{epci or departement}.html")
        done = write_guide(store, target, departement=departement, epci=epci,
                           lang=settings.lang, format=fmt)
    click.echo(done.describe(settings.lang))


@main.command()
@option("-o", "--output", "output", metavar="FICHIER", default="glossaire.html",
        show_default=True)
@option("--format", "fmt", type=click.Choice(["html", "md", "csv"]), default=None)
@option("--departement", "departements", metavar="CODE", multiple=True)
@option("--tous-territoires", "every", is_flag=True)
@click.pass_obj
def glossary(settings: Settings, output: str, fmt: str | None, departements: tuple[str, ...],
             every: bool) -> None:
    """The glossary: every list and the core notions. (Help: cli.commandes.glossary.)"""
    from ppgraph.glossary import glossary_format, write_glossary

    glossary_format(output, fmt)  # an unknown extension is said before any work
    target = writable_file(output)
    with settings.open_store(read_only=True) as store:
        done = write_glossary(store, target, lang=settings.lang, format=fmt,
                              departements="*" if every else departements)
    click.echo(done.describe(settings.lang))


@main.group(name="local", invoke_without_command=True)
@click.pass_context
def local_group(ctx: click.Context) -> None:
    """What each territory adds: local concepts and guide blocks. (Help: cli.commandes.local.)"""
    if ctx.invoked_subcommand is not None:
        return
    from ppgraph.local import local_summary

    with ctx.obj.open_store(read_only=True) as store:
        click.echo(local_summary(store, ctx.obj.lang), nl=False)


@local_group.command(name="validate")
@argument("fichier", type=click.Path(exists=True, dir_okay=False))
@option("--departement", metavar="CODE", required=True)
@click.pass_obj
def local_validate(settings: Settings, fichier: str, departement: str) -> None:
    """Checks a territory's file. (Help: cli.commandes.local.validate.)"""
    from ppgraph.local import check_local, read_local

    report = check_local(read_local(fichier), departement, source=Path(fichier).name)
    click.echo(report.render(settings.lang), nl=False)
    if not report.conforms:
        click.get_current_context().exit(1)


@local_group.command(name="submit")
@argument("fichier", type=click.Path(exists=True, dir_okay=False))
@option("--departement", metavar="CODE", required=True)
@click.pass_obj
def local_submit(settings: Settings, fichier: str, departement: str) -> None:
    """Checks then submits a territory's file. (Help: cli.commandes.local.submit.)"""
    from ppgraph.local import submit_local

    with settings.open_store() as store:
        try:
            done = submit_local(store, fichier, departement)
        except ppgraph.NonConformError as err:
            click.echo(err.report.render(settings.lang), nl=False)
            raise
    click.echo(done.report.render(settings.lang), nl=False)
    click.echo(done.describe(settings.lang))


@main.group(name="group", invoke_without_command=True)
@option("--groupe", "key", metavar="ID", default=None)
@option("--format", "fmt", type=click.Choice(["text", "turtle"]), default="text",
        show_default=True)
@option("-o", "--output", "output", metavar="FICHIER", default=None)
@click.pass_context
def group_command(ctx: click.Context, key: str | None, fmt: str, output: str | None) -> None:
    """The working group: members, sub-groups, calendar, composition. (Help: cli.commandes.group.)"""
    if ctx.invoked_subcommand is not None:
        ctx.meta["ppgraph.groupe"] = key
        return
    from ppgraph.group import find_group, group_org_graph, group_report

    settings = ctx.obj
    target = writable_file(output) if output else None
    with settings.open_store(read_only=True) as store:
        group = find_group(store, key)
        if fmt == "turtle":
            graph = group_org_graph(store, group)
            text = graph.serialize(format="turtle")
        else:
            text = group_report(store, group, lang=settings.lang)
    if target is None:
        click.echo(text, nl=False)
        return
    target.write_text(text, encoding="utf-8")
    click.echo(message("group.turtle_ecrit", settings.lang, fichier=output,
                       triplets=ppgraph.Message("commun.triplets", n=len(graph)))
               if fmt == "turtle" else message("group.texte_ecrit", settings.lang,
                                               fichier=output))


@group_command.command(name="select")
@option("--max", "maximum", metavar="N", type=click.IntRange(1), default=None)
@option("--min", "minimum", metavar="N", type=click.IntRange(1), default=None)
@click.pass_context
def group_select(ctx: click.Context, maximum: int | None, minimum: int | None) -> None:
    """Applies the call's rule to the candidatures and explains each choice. (Help: cli.commandes.group.select.)"""
    from ppgraph.group import find_group, select_for_group, selection_report

    settings = ctx.obj
    with settings.open_store(read_only=True) as store:
        group = find_group(store, ctx.meta.get("ppgraph.groupe"))
        selection = select_for_group(store, group, maximum=maximum, minimum=minimum)
    click.echo(selection_report(selection, settings.lang, group))

# --- fin outils communs ---


# --- besoins de formation ---


@main.command()
@option("--departement", metavar="CODE", default=None)
@option("--structure", metavar="ID", default=None)
@option("--format", "fmt", type=click.Choice(["table", "csv", "xlsx", "html"]), default=None)
@option("-o", "--output", "output", metavar="FICHIER", default=None)
@option("--date", "as_of", metavar="JJ/MM/AAAA", default=None)
@option("--utiles", is_flag=True)
@click.pass_obj
def needs(settings: Settings, departement: str | None, structure: str | None, fmt: str | None,
          output: str | None, as_of: str | None, utiles: bool) -> None:
    """Training needs: skill gaps and the courses that close them. (Help: cli.commandes.needs.)"""
    from ppgraph.needs import (needs_format, reference_date, render_needs, training_needs,
                               write_needs, written_summary)

    target = writable_file(output) if output else None
    fmt = needs_format(output, fmt)
    when = reference_date(as_of)
    with settings.open_store(read_only=True) as store:
        result = training_needs(store, departement, structure, as_of=when,
                                include_useful=utiles, lang=settings.lang)
    if target is None:
        click.echo(render_needs(result, fmt), nl=False)
        return
    write_needs(result, target, fmt)
    click.echo(written_summary(result, str(target)))

# --- fin besoins de formation ---


# --- suivi (GRC) ---

def _day(text: str | None):
    from ppgraph.values import parse_date

    if text is None:
        return None
    day = parse_date(text)
    if day is None:
        raise ppgraph.InputError("followup.date_invalide", valeur=text)
    return day


def _text_out(text: str, output: str | None) -> None:
    if output:
        Path(writable_file(output)).write_text(text, encoding="utf-8", newline="")
    else:
        click.echo(text, nl=not text.endswith("\n"))


@main.group(name="followup")
def followup_group() -> None:
    """Follow-up of holders and providers after opening (CRM). (Help: cli.commandes.followup.)"""


@followup_group.command(name="log")
@option("--structure", metavar="ID", required=True)
@option("--projet", "projets", metavar="ID", multiple=True)
@option("--prestataire", "prestataires", metavar="ID", multiple=True)
@option("--type", "kind", metavar="TYPE", required=True)
@option("--date", "day", metavar="AAAA-MM-JJ", required=True)
@option("--agent", metavar="ID", default=None)
@option("--note", metavar="TEXTE", default=None)
@option("--statut", metavar="STATUT", default=None)
@option("--par", "by", metavar="NOM", default=None)
@click.pass_obj
def followup_log(settings: Settings, structure: str, projets: tuple[str, ...],
                 prestataires: tuple[str, ...], kind: str, day: str, agent: str | None,
                 note: str | None, statut: str | None, by: str | None) -> None:
    """Records an interaction in the structure's private graph. (Help: cli.commandes.followup.log.)"""
    from ppgraph.followup import describe_logged, log_interaction

    when = _day(day)
    with settings.open_store() as store:
        done = log_interaction(store, structure, [*projets, *prestataires], kind, when,
                               agent=agent, note=note, status=statut, by=by)
    click.echo(describe_logged(done, settings.lang))


@followup_group.command(name="template")
@option("--structure", metavar="ID", required=True)
@option("-o", "--output", "output", metavar="FICHIER", required=True)
@click.pass_obj
def followup_template(settings: Settings, structure: str, output: str) -> None:
    """Writes the follow-up workbook of a structure. (Help: cli.commandes.followup.template.)"""
    from ppgraph.followup import describe_template, write_followup_template

    target = writable_file(output)
    with settings.open_store(read_only=True) as store:
        path = write_followup_template(store, structure, target, lang=settings.lang)
    click.echo(describe_template(path, structure, settings.lang))


@followup_group.command(name="import")
@argument("fichier", type=click.Path(exists=True))
@option("--structure", metavar="ID", required=True)
@option("--dry-run", "dry_run", is_flag=True)
@option("--par", "by", metavar="NOM", default=None)
@option("--taille-max", "size_mb", metavar="MO", type=_SIZE, default=None)
@click.pass_obj
def followup_import(settings: Settings, fichier: str, structure: str, dry_run: bool,
                    by: str | None, size_mb: float | None) -> None:
    """Imports the exchanges of a follow-up workbook. (Help: cli.commandes.followup.import.)"""
    from ppgraph.followup import ImportRefused, describe_imported, describe_refused
    from ppgraph.followup import import_interactions

    try:
        with settings.open_store(read_only=dry_run) as store:
            done = import_interactions(store, fichier, structure, dry_run=dry_run, by=by,
                                       limits=_limits(size_mb))
    except ImportRefused as refused:
        click.echo(describe_refused(refused, settings.lang))
        click.get_current_context().exit(1)
    click.echo(describe_imported(done, settings.lang))


@followup_group.command(name="due")
@option("--structure", metavar="ID", default=None)
@option("--date", "day", metavar="AAAA-MM-JJ", default=None)
@option("--dans", "horizon", metavar="JOURS", type=int, default=0, show_default=True)
@option("--format", "fmt", type=click.Choice(["table", "csv", "ics"]), default="table",
        show_default=True)
@option("-o", "--output", "output", metavar="FICHIER", default=None)
@click.pass_obj
def followup_due(settings: Settings, structure: str | None, day: str | None, horizon: int,
                 fmt: str, output: str | None) -> None:
    """Follow-up steps due or overdue. (Help: cli.commandes.followup.due.)"""
    from ppgraph.followup import due_reminders, render_due

    on = _day(day)
    with settings.open_store(read_only=True) as store:
        found = due_reminders(store, structure=structure, on=on, horizon=horizon)
        text = render_due(found, fmt, settings.lang, on=on, store=store)
    _text_out(text, output)


@followup_group.command(name="stats")
@option("--date", "day", metavar="AAAA-MM-JJ", default=None)
@option("--format", "fmt", type=click.Choice(["table", "csv", "html"]), default="table",
        show_default=True)
@option("-o", "--output", "output", metavar="FICHIER", default=None)
@click.pass_obj
def followup_stats(settings: Settings, day: str | None, fmt: str, output: str | None) -> None:
    """Aggregate indicators, small counts suppressed. (Help: cli.commandes.followup.stats.)"""
    from ppgraph.followup import indicators, render_indicators
    from ppgraph.followup.page import render_indicators_html

    with settings.open_store(read_only=True) as store:
        ind = indicators(store, _day(day), settings.lang)
    text = render_indicators_html(ind, settings.lang) if fmt == "html" else \
        render_indicators(ind, fmt, settings.lang)
    _text_out(text, output)


@followup_group.command(name="export")
@argument("personne")
@option("-o", "--output", "output", metavar="FICHIER", required=True)
@click.pass_obj
def followup_export(settings: Settings, personne: str, output: str) -> None:
    """Everything held about a person (right of access). (Help: cli.commandes.followup.export.)"""
    from ppgraph.followup import personal_export

    target = writable_file(output)
    with settings.open_store(read_only=True) as store:
        text = personal_export(store, personne, settings.lang)
    Path(target).write_text(text, encoding="utf-8")
    click.echo(message("followup.acces_ecrit", settings.lang, personne=personne, fichier=output))


@followup_group.command(name="purge")
@option("--date", "day", metavar="AAAA-MM-JJ", default=None)
@option("--dry-run", "dry_run", is_flag=True)
@click.pass_obj
def followup_purge(settings: Settings, day: str | None, dry_run: bool) -> None:
    """Erases the people whose retention period is over. (Help: cli.commandes.followup.purge.)"""
    from ppgraph.followup import purge, render_expired

    with settings.open_store(read_only=dry_run) as store:
        done = purge(store, _day(day), dry_run=dry_run)
    click.echo(render_expired(done, settings.lang, dry_run=dry_run))


@main.command()
@argument("personne")
@option("--dry-run", "dry_run", is_flag=True)
@click.pass_obj
def forget(settings: Settings, personne: str, dry_run: bool) -> None:
    """Erases a person everywhere, history included. (Help: cli.commandes.forget.)"""
    from ppgraph.followup import describe_forgotten, forget as forget_person

    with settings.open_store(read_only=dry_run) as store:
        done = forget_person(store, personne, dry_run=dry_run)
    click.echo(describe_forgotten(done, settings.lang, dry_run=dry_run))

# --- fin suivi (GRC) ---


# --store, --endpoint, --lang and --debug: before or after the subcommand.
accept_everywhere(main, ["store", "endpoint", "lang", "debug"])


if __name__ == "__main__":  # pragma: no cover
    main()
