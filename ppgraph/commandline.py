"""The plumbing of the ``ppgraph`` command line, in the reader's language.

Help texts and click's own messages come from the message catalogues, errors are shown as
one line in the reader's language.

``cli.py`` declares the commands and their options; this module makes them speak the
language the user chose (``--lang``), with nothing decided by global state:

- the language of an invocation is read from its own arguments when the root group parses
  them, and kept in click's context (``ctx.meta["ppgraph.lang"]``);
- every command's help, short help and option help come from the ``cli`` domain of the
  catalogues (``cli.commandes.<commande>.aide``, ``.resume``, ``.options.<option>``);
- click's own words (« Usage », « Options », « No such option »...) go through the ``click``
  domain, looked up in the language of the current click context;
- a :class:`~ppgraph.errors.PpgraphError` prints one line, ``Erreur : …`` in the reader's
  language, and exits with its code; ``--debug`` shows the traceback instead;
- what a command prints goes through :class:`ppgraph.text.TerminalStream`: no control
  character from the data reaches the terminal.
"""

from __future__ import annotations

import copy
import errno
import inspect
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from .errors import InputError, PpgraphError
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, catalogue, message
from .text import TerminalStream

__all__ = ["CatalogueGroup", "CatalogueCommand", "CatalogueOption", "CatalogueArgument",
           "option", "argument", "language", "os_error_message",
           "help_key", "confirm", "writable_file", "accept_everywhere", "progress"]

LANG_KEY = "ppgraph.lang"


def sniff_language(args: Sequence[str]) -> str:
    """The language an argument list asks for (``--lang en`` or ``--lang=en``), before
    click parses it (help and usage errors may come first).

    >>> sniff_language(["--store", "x", "--lang", "en", "info"]), sniff_language(["info"])
    ('en', 'fr')
    """
    for i, arg in enumerate(args):
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGUAGES:
            return value
    return DEFAULT_LANGUAGE


def language(ctx: click.Context | None = None) -> str:
    """The language of the current invocation."""
    ctx = ctx or click.get_current_context(silent=True)
    if ctx is None:
        return DEFAULT_LANGUAGE
    return ctx.meta.get(LANG_KEY, DEFAULT_LANGUAGE)


def help_key(ctx: click.Context) -> str:
    """``cli.commandes.<command path>``: where a command's texts are in the catalogue."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.command.name or "")
        ctx = ctx.parent
    path = ".".join(reversed(names)) or "ppgraph"
    return f"cli.commandes.{path}"


def _text(ctx: click.Context, suffix: str) -> str | None:
    """A help text of the catalogue: plain text, not a template (examples of SPARQL queries
    hold braces)."""
    key = f"{help_key(ctx)}.{suffix}"
    cat = catalogue(language(ctx))
    return str(cat[key]) if cat.has(key) else None


_WORD = re.compile(r"[A-ZÀ-Ý]{2,}")


def _metavar(text: str, ctx: click.Context) -> str:
    """A metavar (``FICHIER``, ``NOM=VALEUR``) in the reader's words (``FILE``,
    ``NAME=VALUE``), from ``cli.metavars``."""
    words = catalogue(language(ctx)).domain("cli").get("metavars", {})
    return _WORD.sub(lambda m: words.get(m.group(0), m.group(0)), text)


class CatalogueArgument(click.Argument):
    """An argument whose metavar is in the reader's words."""

    def make_metavar(self, ctx: click.Context) -> str:
        return _metavar(super().make_metavar(ctx), ctx)


def argument(*decls: str, **attrs: Any) -> Callable:
    """``click.argument`` whose metavar is in the reader's words."""
    attrs.setdefault("cls", CatalogueArgument)
    return click.argument(*decls, **attrs)


class CatalogueOption(click.Option):
    """An option whose help text is in the catalogue
    (``cli.commandes.<command>.options.<option name>``) and whose metavar is in the reader's
    words."""

    def make_metavar(self, ctx: click.Context) -> str:
        return _metavar(super().make_metavar(ctx), ctx)

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        text = _text(ctx, f"options.{self.name}")
        if text is None:
            return super().get_help_record(ctx)
        worded = copy.copy(self)  # the declared option is shared: word a copy of it
        worded.help = text
        return click.Option.get_help_record(worded, ctx)


def option(*decls: str, **attrs: Any) -> Callable:
    """``click.option`` whose help comes from the catalogue."""
    attrs.setdefault("cls", CatalogueOption)
    return click.option(*decls, **attrs)


class CatalogueCommand(click.Command):
    """A command whose help (``aide``) and short help (``resume``) are in the catalogue."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        shared = [p.opts[0] for p in self.params if isinstance(p, SharedOption)]
        if shared:
            with formatter.section(message("cli.options_communes_titre", language(ctx))):
                formatter.write_text(message("cli.options_communes", language(ctx),
                                             options=", ".join(shared)))

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # click keeps the --help option it builds, worded once: word it for this invocation.
        found = super().get_help_option(ctx)
        if found is None:
            return None
        worded = copy.copy(found)
        worded.help = message("cli.option_aide", language(ctx))
        return worded

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = _text(ctx, "aide")
        if text is None:
            return super().format_help_text(ctx, formatter)
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(inspect.cleandoc(text))


class CatalogueGroup(CatalogueCommand, click.Group):
    """A group of commands that speaks the catalogue's language, for itself and its
    subcommands, and turns typed errors into one line and an exit code."""

    command_class = CatalogueCommand

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.group_class = CatalogueGroup

    def main(self, args: Sequence[str] | None = None, *a: Any, **kw: Any) -> Any:
        _install_click_translations()
        # Whatever a renderer wrote, no value of the data reaches the terminal as a control
        # sequence: standard output and error go through ppgraph.text.terminal_text.
        streams = sys.stdout, sys.stderr
        if not isinstance(sys.stdout, TerminalStream):
            sys.stdout = TerminalStream(sys.stdout)
            sys.stderr = TerminalStream(sys.stderr, progress=True)
        try:
            return super().main(args, *a, **kw)
        finally:
            sys.stdout, sys.stderr = streams

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            # The language is known before click parses anything, so that help, usage
            # errors and the first error message are in it.
            ctx.meta[LANG_KEY] = sniff_language(args)
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            sub = click.Context(cmd, info_name=name, parent=ctx)
            rows.append((name, _text(sub, "resume") or cmd.get_short_help_str(80)))
        if rows:
            with formatter.section(message("cli.commandes_titre", language(ctx))):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        lang = language(ctx)
        try:
            return super().invoke(ctx)
        except PpgraphError as err:
            if _debug(ctx):
                raise
            click.echo(message("commun.erreur", lang, message=err.message(lang)), err=True)
            ctx.exit(err.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo(message("commun.interrompu", lang), err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # The reader (| head, say) went away: nothing to report.
            sys.stderr.close()
            ctx.exit(0)
        except OSError as err:
            if _debug(ctx):
                raise
            click.echo(message("commun.erreur", lang, message=os_error_message(err, lang)),
                       err=True)
            ctx.exit(2)
        except Exception as err:  # a bug: say so plainly, keep the traceback for --debug
            if _debug(ctx):
                raise
            click.echo(message("commun.erreur_inattendue", lang, type=type(err).__name__,
                               detail=str(err)), err=True)
            ctx.exit(2)


class SharedOption(CatalogueOption):
    """An option of the main command repeated on a subcommand, so that it may be typed
    after it (``ppgraph viz --store X``): not shown in the subcommand's option list (a line
    names them all), and its value goes to the main command's settings object (``ctx.obj``,
    which has a ``given(name, value)`` method)."""

    def get_help_record(self, ctx: click.Context) -> None:
        return None


def _shared_value(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    if param.name and ctx.get_parameter_source(param.name) == \
            click.core.ParameterSource.COMMANDLINE:
        ctx.find_root().obj.given(param.name, value)


def accept_everywhere(group: click.Group, names: Sequence[str]) -> None:
    """Let every subcommand of ``group`` (at any depth) take the options ``names`` of
    ``group`` itself, typed after the subcommand's name as well as before it.

    A subcommand that has an option of the same name keeps its own (``push --endpoint``).
    Called once by ``cli.py`` on its main command: the command tree is declared there,
    nothing is registered by importing a module.
    """
    originals = [p for p in group.params if isinstance(p, click.Option) and p.name in names]

    def walk(command: click.Command) -> None:
        taken = {p.name for p in command.params} | \
            {o for p in command.params for o in getattr(p, "opts", [])}
        for original in originals:
            if original.name in taken or set(original.opts) & taken:
                continue
            command.params.append(SharedOption(
                original.opts, type=original.type, is_flag=original.is_flag,
                metavar=original.metavar, default=False if original.is_flag else None,
                expose_value=False, hidden=True, callback=_shared_value))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    for sub in group.commands.values():
        walk(sub)


def _debug(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or bool(getattr(ctx.obj, "debug", False))


_OS_ERRORS = {errno.ENOENT: "introuvable", errno.EISDIR: "est_un_dossier",
              errno.ENOTDIR: "pas_un_dossier", errno.EEXIST: "existe_deja",
              errno.EACCES: "permission", errno.EPERM: "non_permis",
              errno.EROFS: "lecture_seule", errno.ENOSPC: "disque_plein"}


def os_error_message(err: OSError, lang: str = DEFAULT_LANGUAGE) -> str:
    """A file-system error as one sentence naming the file, in ``lang``.

    >>> os_error_message(FileNotFoundError(2, "No such file", "x.xlsx"))
    '« x.xlsx » : dossier ou fichier introuvable.'
    """
    code = err.errno
    if code is None:  # Oxigraph's I/O errors carry the code in their text only
        found = re.search(r"os error (\d+)", str(err))
        code = int(found.group(1)) if found else None
    key = _OS_ERRORS.get(code or 0)
    cause = message(f"cli.systeme.{key}", lang) if key else (err.strerror or str(err))
    if err.filename:
        return message("cli.systeme.fichier", lang, nom=err.filename, cause=cause)
    return message("cli.systeme.sans_fichier", lang, cause=cause, detail=str(err))


def writable_file(path: str) -> Path:
    """``path`` if a file can be written there (checked before any work is done).

    Raises
    ------
    InputError
        If ``path`` is a folder, or its folder does not exist.
    """
    target = Path(path)
    if target.is_dir():
        raise InputError("cli.fichier_est_un_dossier", chemin=str(path))
    if not target.parent.is_dir():
        raise InputError("cli.dossier_absent", chemin=str(path), dossier=str(target.parent))
    return target


def progress(label: str, length: int) -> Any:
    """A progress bar of ``length`` steps on stderr, drawn only on a terminal.

    Redirected to a file or a pipe (``2> journal.txt``, ``2>&1 | less``), nothing of it is
    written: no label left alone on its line, no half-drawn bar among the results.
    """
    stream = sys.stderr
    return click.progressbar(length=length, label=label, file=stream,
                             hidden=not (hasattr(stream, "isatty") and stream.isatty()))


_YES = frozenset({"o", "oui", "y", "yes"})
_NO = frozenset({"", "n", "non", "no"})


def confirm(question: str) -> bool:
    """A yes/no question on stderr, answered o/oui/y/yes or n/non/no in either language; no
    answer (no terminal) counts as no."""
    lang = language()

    def parse(text: str) -> bool:
        answer = text.strip().lower()
        if answer in _YES:
            return True
        if answer in _NO:
            return False
        raise click.UsageError(message("cli.reponse_oui_non", lang))
    try:
        return click.prompt(f"{question} {message('cli.choix_oui_non', lang)}", default="",
                            show_default=False, value_proc=parse, err=True)
    except click.Abort:
        click.echo("", err=True)
        return False


def _install_click_translations() -> None:
    """Route click's own messages through the ``click`` domain of the catalogue of the
    current invocation's language. click reads its words through module-level ``_`` and
    ``ngettext`` functions; this puts ours in their place (once, idempotent)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types

    if getattr(click.core, "_ppgraph_translated", False):
        return

    def gettext(text: str) -> str:
        value = catalogue(language()).domain("click").get(text)
        return value if isinstance(value, str) else text

    def ngettext(singular: str, plural: str, n: int) -> str:
        value = catalogue(language()).domain("click").get(singular)
        if isinstance(value, dict):
            return value["one"] if n == 1 else value["other"]
        return singular if n == 1 else plural

    for module in (click.core, click.decorators, click.exceptions, click.formatting,
                   click.parser, click.termui, click.types):
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    click.core._ppgraph_translated = True  # type: ignore[attr-defined]
