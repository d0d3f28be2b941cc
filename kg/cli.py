"""The ``kg`` command: a thin click layer over the library.

Exit codes: 0 success; 1 a problem the message explains (no store, store in use, nothing to
read); 2 a usage error or invalid SPARQL; 3 ``kg ingest`` read some inputs but not all (the
others went in and the bad ones are listed on stderr).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import KGError

DEFAULT_STORE = ".kg"
EXIT_PARTIAL = 3


class KGClickError(click.ClickException):
    def __init__(self, error: KGError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code


def _open(ctx: click.Context, create: bool = False) -> Any:
    from .store import open_store

    try:
        return open_store(ctx.obj["store"], create=create)
    except KGError as exc:
        raise KGClickError(exc) from exc


def format_option(choices: tuple[str, ...], default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--format", "-f", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="Output format.")


def _say(line: str) -> None:
    """Tell what a long step is doing, on stderr (beside the progress bars)."""
    click.echo(line, err=True)


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "-s", envvar="KG_STORE", default=DEFAULT_STORE, show_default=True, metavar="PATH|URL",
              help="Folder of the embedded store, created by `kg ingest`; or the URL of a SPARQL 1.1 "
                   "server's query endpoint (http://HOST:PORT/query: Oxigraph, Fuseki, ...) to work "
                   "against it instead. Environment: KG_STORE.")
@click.version_option(__version__, prog_name="kg")
@click.pass_context
def cli(ctx: click.Context, store: str) -> None:
    """Build and query a cross-reporting knowledge graph of who said, denied or reported what.

    Typical use: `kg ingest seeds/`, then `kg contradictions`, `kg corroborations`,
    `kg statements`, `kg query "SELECT ..."`, `kg export -f turtle -o graph.ttl`.
    """
    ctx.ensure_object(dict)
    ctx.obj["store"] = store


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-outlet report.")
@click.option("--workers", "-w", type=click.IntRange(1), default=1, show_default=True,
              help="Extract in N processes on this machine (the store is written by this one).")
@click.option("--dask", "scheduler", metavar="ADDRESS",
              help="Extract on a Dask distributed cluster, e.g. tcp://SCHEDULER:8786 (needs kg[dask]).")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], quiet: bool, workers: int, scheduler: str | None) -> None:
    """Add the articles under PATH... to the store, then print what went in: documents,
    statements, sources and propositions, statements per outlet and the 20 most frequent speakers.

    PATH is a .txt article, a CSV/TSV with a header (FA-KES columns work as they are: unit_id,
    article_title, article_content, source, date), a .jsonl file with the same fields, a folder
    (read recursively), or - for standard input. Documents already in the store are skipped, so
    ingesting the same files twice adds nothing. A file or row that cannot be read is reported
    with its line and skipped; the others go in (exit code 3).

    Then the store is relinked: copies of the new articles, conflicting propositions, and the
    stored contradictions and corroborations the run can change (the others are kept; stderr
    says what it does).
    """
    from .pipeline import ingest as run

    with _open(ctx, create=True) as store:
        bar: Any = None

        def on_start(total: int | None) -> None:
            nonlocal bar
            if quiet:
                return
            if total is None:  # standard input cannot be counted ahead
                click.echo("extracting from standard input...", err=True)
            elif total:
                bar = click.progressbar(length=total, label="extracting", file=sys.stderr, show_pos=True)
                bar.__enter__()

        def on_document(_: Any) -> None:
            if bar is not None:
                bar.update(1)

        try:
            report = run(store, paths, on_start=on_start, on_document=on_document, workers=workers,
                         scheduler=scheduler, on_relink=None if quiet else _say)
        except KGError as exc:
            raise KGClickError(exc) from exc
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)
    for error in report.errors:
        click.echo(f"skipped {error}", err=True)
    click.echo(report.summary())
    if report.run:
        click.echo(f"run graph: {report.run}")
    if not quiet and report.statements:
        click.echo("statements per outlet: " + ", ".join(f"{o} {n}" for o, n in report.per_outlet.most_common()))
        click.echo("most frequent speakers: " + ", ".join(f"{s} {n}" for s, n in report.speakers.most_common(20)))
    if report.conflicts:
        click.echo(f"{report.conflicts} pairs of conflicting propositions in the store")
    if report.errors:
        ctx.exit(EXIT_PARTIAL if report.documents or report.skipped else 1)


@cli.command()
@format_option(("table", "jsonl", "json", "csv"), "table")
@click.option("--doc", help="Only the statements of this document id.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to a file instead of stdout.")
@click.pass_context
def statements(ctx: click.Context, fmt: str, doc: str | None, output: str | None) -> None:
    """List the attributed statements: who said what, with which stance, where.

    Fields: doc, speaker (canonical), speaker_text (as written), speaker_org, cue, stance
    (assert|deny|hedge), content, quote (direct|indirect), start, end (character offsets of the
    content in the document text), and negated, via, outlet, sentence.
    """
    from .analyze import STATEMENT_FIELDS
    from .analyze import statements as query
    from .export import render

    with _open(ctx) as store:
        rows = query(store, doc)
    columns = STATEMENT_FIELDS if fmt != "table" else ["doc", "speaker", "speaker_org", "cue", "stance", "quote", "content"]
    _emit(render(rows, columns, fmt), output)


@cli.command()
@format_option(("table", "json", "jsonl", "csv"), "table")
@click.pass_context
def contradictions(ctx: click.Context, fmt: str) -> None:
    """Claims asserted by one source and denied or contradicted by another.

    A denial: one side asserts a proposition, the other denies it (or doubts it: "did not
    think"). A conflict: two sides assert values of one event that cannot both hold (23 dead vs
    40 dead, two different culprits). Sides that speak for the same principal (a spokesman and
    his ministry) do not contradict each other.
    """
    from .analyze import contradictions as query
    from .export import CONTRADICTION_COLUMNS, contradiction_rows, render

    with _open(ctx) as store:
        findings = query(store)
    rows = findings if fmt in {"json", "jsonl"} else contradiction_rows(findings)
    click.echo(render(rows, CONTRADICTION_COLUMNS, fmt), nl=False)
    if fmt == "table":
        click.echo(f"{len(findings)} contradictions", err=True)


@cli.command()
@format_option(("table", "json", "jsonl", "csv"), "table")
@click.option("--min-sources", default=2, show_default=True, type=click.IntRange(1), help="Fewest independent sources.")
@click.pass_context
def corroborations(ctx: click.Context, fmt: str, min_sources: int) -> None:
    """Claims asserted by several independent sources.

    Independence is counted by whom a speaker speaks for: a spokesman, his ministry and its state
    are one voice; the outlets that printed a statement are relays and add no independence.
    """
    from .analyze import corroborations as query
    from .export import CORROBORATION_COLUMNS, render

    with _open(ctx) as store:
        findings = query(store, min_sources)
    click.echo(render(findings, CORROBORATION_COLUMNS, fmt), nl=False)
    if fmt == "table":
        click.echo(f"{len(findings)} corroborations", err=True)


@cli.command()
@click.argument("sparql", metavar="QUERY")
@format_option(("table", "json", "jsonl", "csv"), "table")
@click.pass_context
def query(ctx: click.Context, sparql: str, fmt: str) -> None:
    """Run a SPARQL query against the store: QUERY is a .rq file, the query text, or the name of
    a query packaged with kg (kg/queries/NAME.rq: `kg query disputed` lists who disputes what
    another source affirms, the contradiction query in one step).

    SELECT prints rows in the chosen format; ASK prints true or false; CONSTRUCT and DESCRIBE
    print Turtle. The prefixes kg, src, doc, stmt, prop, place, ev, prov, schema, skos, rdf, rdfs
    and xsd are predeclared. Invalid SPARQL exits with code 2 and the position of the error.
    """
    import pyoxigraph as ox

    from .errors import QueryError
    from .export import render
    from .graph import PREFIXES
    from .store import python_value

    path = Path(sparql)
    if re.fullmatch(r"[a-z_]+", sparql) and not path.exists():
        sparql = _packaged_query(sparql)
    elif sparql.endswith(".rq") or (len(sparql) < 4096 and "\n" not in sparql and path.is_file()):
        try:
            sparql = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.ClickException(f"cannot read the query file {path}: {exc}") from exc
    declared = {k: str(v) for k, v in PREFIXES.items()}
    declared.update(rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#", rdfs="http://www.w3.org/2000/01/rdf-schema#",
                    xsd="http://www.w3.org/2001/XMLSchema#")
    header = "".join(f"PREFIX {k}: <{v}>\n" for k, v in declared.items()
                     if not re.search(rf"(?i)\bPREFIX\s+{k}\s*:", sparql))
    with _open(ctx) as store:
        try:
            result = store.query(header + sparql)
        except QueryError as exc:
            lines = header.count("\n")
            message = _shift_position(str(exc), lines)
            raise KGClickError(QueryError(message)) from exc
        if isinstance(result, (bool, ox.QueryBoolean)):
            click.echo("true" if bool(result) else "false")
            return
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            value = python_value if fmt != "table" else _prefixer(declared)
            rows = [{n: value(s[n]) for n in names} for s in result]
            click.echo(render(rows, names, fmt), nl=False)
            return
        click.echo(ox.serialize(list(result), format=ox.RdfFormat.TURTLE, prefixes=declared).decode("utf-8"), nl=False)


def _prefixer(prefixes: dict[str, str]) -> Callable[[Any], Any]:
    """For table cells: an IRI under one of ``prefixes`` as a prefixed name (src:russia), the
    longest namespace first; anything else as its Python value. (CSV and JSON keep whole IRIs.)"""
    import pyoxigraph as ox

    from .store import python_value

    longest_first = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def cell(term: Any) -> Any:
        if isinstance(term, ox.NamedNode):
            for prefix, namespace in longest_first:
                local = term.value[len(namespace):]
                if term.value.startswith(namespace) and re.fullmatch(r"[\w.-]*", local) and not local.endswith("."):
                    return f"{prefix}:{local}"
        return python_value(term)

    return cell


def _packaged_query(name: str) -> str:
    """The text of ``kg/queries/NAME.rq``, or a usage error listing the packaged queries."""
    from . import resources

    if name not in resources.query_names():
        raise click.BadParameter(f"{name!r} is neither a file nor a packaged query "
                                 f"({', '.join(resources.query_names())})", param_hint="QUERY")
    return resources.query_text(name)


def _shift_position(message: str, lines: int) -> str:
    """Report positions relative to the user's query, not to the prefixes added before it."""
    def shift(match: re.Match[str]) -> str:
        line = max(1, int(match.group(1)) - lines)
        return f"line {line}, column {match.group(2)}"

    return re.sub(r"(\d+):(\d+)", shift, message, count=1)


RDF_FORMATS = ("turtle", "trig", "nt", "nquads", "jsonld", "xml")


@cli.command()
@click.option("--format", "-f", "fmt", type=click.Choice(RDF_FORMATS), default="turtle", show_default=True,
              help="RDF format; trig and nquads keep the named graphs, the others write their union.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), required=True, help="File to write.")
@click.option("--with-ontology", is_flag=True,
              help="Include the ontology graph (vocabulary and gazetteers of ontology/); left out by default.")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: str, with_ontology: bool) -> None:
    """Write the graph (documents, statements, sources, propositions, runs and assessments) to a file.

    The Turtle has readable prefixes and parses back to the same graph in rdflib and Oxigraph;
    `kg import` loads any of these files back (TriG keeps every run in its own graph).
    """
    from .export import export_graph

    with _open(ctx) as store:
        try:
            count = export_graph(store, output, fmt, with_ontology=with_ontology)
        except OSError as exc:
            raise click.ClickException(f"cannot write {output}: {exc}") from exc
    click.echo(f"wrote {count} {'quads' if fmt in {'trig', 'nquads'} else 'triples'} to {output} ({fmt})")


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False), metavar="FILE...")
@click.option("--format", "-f", "fmt", type=click.Choice(RDF_FORMATS),
              help="RDF format of the files; by default from each suffix (.ttl .trig .nt .nq .jsonld .rdf).")
@click.option("--graph", "-g", metavar="IRI", help="Put the triples in this named graph (default: a new import graph per file).")
@click.pass_context
def import_(ctx: click.Context, files: tuple[str, ...], fmt: str | None, graph: str | None) -> None:
    """Load RDF files made elsewhere, or exported by `kg export`, into the store.

    Turtle, N-Triples, JSON-LD and RDF/XML triples go into a new named graph per file, recorded
    as a kg:Import (file, time, kg version); TriG and N-Quads keep their graphs, so an export
    imported into an empty store gives the same dataset back. The ontology graph is the
    store's own and is never overwritten. Each file is one transaction: a file with a syntax
    error is reported with its line and adds nothing (exit code 3 if others went in). Statements
    that come without kg's kg:affirms / kg:disputes shortcuts get them derived, and the store is
    relinked.
    """
    from .errors import InputError
    from .pipeline import derive_shortcuts, relink

    failed = 0
    with _open(ctx, create=True) as store:
        written: set[str] = set()
        for path in files:
            try:
                target, added, skipped, graphs = store.load(path, fmt, graph)
            except InputError as exc:
                failed += 1
                click.echo(f"skipped {exc}", err=True)
                continue
            written |= graphs
            note = f", {skipped} ontology triples left out" if skipped else ""
            click.echo(f"imported {added} quads from {path} into {target if graph or added else '(nothing)'}{note}")
        derive_shortcuts(store, written)  # statements made elsewhere may lack kg:affirms / kg:disputes
        relink(store, on_step=_say)
    if failed:
        ctx.exit(EXIT_PARTIAL if failed < len(files) else 1)


@cli.command()
@format_option(("table", "json", "jsonl", "csv"), "table")
@click.pass_context
def graphs(ctx: click.Context, fmt: str) -> None:
    """List the named graphs: every ingest run, credibility assessment and import, with when it
    ran, what it added (documents, statements, triples) and the spaCy model or method it used.
    An ingest run cut short before its relink shows "pending" under relink: the findings do not
    count it until the next `kg ingest` (or `kg relink`) relinks it.

    Query one run with SPARQL (`kg query "SELECT ... WHERE { GRAPH <IRI> { ... } }"`), compare
    two, or remove one with `kg drop`.
    """
    from .export import render

    with _open(ctx) as store:
        rows = store.graphs()
    columns = ["graph", "kind", "started", "ended", "documents", "statements", "method", "model", "triples",
               "relink"]
    if fmt == "table":
        columns.remove("ended")
    _emit(render(rows, columns, fmt), None)


@cli.command()
@click.argument("graph_iris", nargs=-1, required=True, metavar="GRAPH...")
@click.pass_context
def drop(ctx: click.Context, graph_iris: tuple[str, ...]) -> None:
    """Remove named graphs (ingest runs, assessments, imports) listed by `kg graphs`.

    GRAPH is the graph's IRI or its last part (e.g. 20261126T220101123456Z). Documents of a
    dropped run can be ingested again. The ontology graph cannot be dropped; the links between
    documents and propositions are recomputed.
    """
    from .pipeline import drop as drop_graphs
    from .store import LINKS_GRAPH, ONTOLOGY_GRAPH

    with _open(ctx) as store:
        known = [row["graph"] for row in store.graphs()]
        chosen = []
        for name in graph_iris:
            matches = [g for g in known if g == name or g.rsplit("/", 1)[-1] == name]
            if len(matches) != 1:
                raise click.BadParameter(f"{name!r} is {'ambiguous' if matches else 'not a graph of the store'}; "
                                         "see `kg graphs`", param_hint="GRAPH")
            if matches[0] in {ONTOLOGY_GRAPH.value, LINKS_GRAPH.value}:
                raise click.BadParameter(f"{matches[0]} is maintained by kg and cannot be dropped", param_hint="GRAPH")
            chosen.append(matches[0])
        conflicts, derived = drop_graphs(store, chosen, on_step=_say)
    for iri in chosen:
        click.echo(f"dropped {iri}")
    click.echo(f"relinked: {conflicts} conflicting pairs, {derived} derived documents")


@cli.command()
@click.pass_context
def relink(ctx: click.Context) -> None:
    """Recompute the links graph and the stored findings from the store's documents.

    `kg ingest`, `kg import` and `kg drop` do this themselves (an ingest only for what its new
    documents can change; the others for the whole store). Run it after the store was changed
    by other means (a SPARQL UPDATE, another tool), whose changes the stored contradictions and
    corroborations do not see until then. It also derives again, from every statement, the
    kg:affirms / kg:disputes shortcuts that kg writes beside each statement (and that
    kg/queries/disputed.rq reads).
    """
    from .pipeline import link_counts
    from .pipeline import relink as relink_store

    with _open(ctx) as store:
        relink_store(store, rederive=True, on_step=_say)
        counts = link_counts(store)
    click.echo(f"relinked: {counts.conflicts} conflicting pairs, {counts.derived} derived documents; stored "
               f"{counts.contradictions} contradictions and {counts.corroborations} corroborations")


METHOD_CHOICE = click.Choice(["majority_vote", "sums", "truthfinder", "accu", "crh"])


@cli.command()
@click.option("--method", "-m", default="accu", show_default=True, type=METHOD_CHOICE,
              help="Truth-discovery method (see kg.truth for each one's paper).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of the method.")
@click.option("--top", default=15, show_default=True, type=click.IntRange(0), help="Sources to print, most and least credible.")
@click.pass_context
def credibility(ctx: click.Context, method: str, params: tuple[str, ...], top: int) -> None:
    """Score every source's credibility from how its claims fare, and write the scores to the graph.

    Claims are the event details statements assert or deny (did it happen, who did it, how many
    were killed or wounded); the method decides which competing value to believe and how far to
    trust each speaker. The run is recorded as a kg:CredibilityAssessment (method, parameters,
    time, claims read) with kg:Score nodes for sources, claims and documents; earlier runs stay,
    so SPARQL can compare them. `kg sources` and `kg documents` show the newest.
    """
    from .credibility import assess, record

    with _open(ctx) as store:
        try:
            assessment = assess(store, method, **_parse_params(params))
        except TypeError as exc:
            raise click.BadParameter(str(exc), param_hint="--param") from exc
        written = record(store, assessment)
    result = assessment.result
    click.echo(f"{method}: {len(assessment.claims)} claims about {len(result.truth)} event details from "
               f"{len(result.trust)} sources; {len(assessment.document_scores)} documents scored; "
               f"{written} triples written as {assessment.iri}")
    ranked = sorted(result.trust.items(), key=lambda kv: -kv[1])
    for label, part in (("most credible", ranked[:top]), ("least credible", ranked[-top:][::-1] if top else [])):
        if part:
            click.echo(f"{label}: " + ", ".join(f"{assessment.source_labels.get(k, k)} {v:.2f}" for k, v in part))


@cli.command()
@format_option(("table", "json", "jsonl", "csv"), "table")
@click.pass_context
def sources(ctx: click.Context, fmt: str) -> None:
    """List the speakers with their credibility (newest `kg credibility` run), the claims
    (statements) they made, and in how many corroborations and contradictions they take part."""
    from .analyze import source_table
    from .export import render

    with _open(ctx) as store:
        rows = source_table(store)
    click.echo(render(rows, ["source", "kind", "credibility", "claims", "corroborated", "contradicted"], fmt), nl=False)


@cli.command()
@format_option(("table", "json", "jsonl", "csv"), "table")
@click.pass_context
def documents(ctx: click.Context, fmt: str) -> None:
    """List the documents (doc, outlet, date, title) with their score from the newest
    `kg credibility` run: how far the claims each makes agree with what the method believes
    (higher = more credible; empty when the document makes no contested claim)."""
    from .analyze import document_table
    from .export import render

    with _open(ctx) as store:
        rows = document_table(store)
    click.echo(render(rows, ["doc", "outlet", "date", "title", "score"], fmt), nl=False)


@cli.command()
@format_option(("table", "json", "jsonl", "csv"), "table")
@click.pass_context
def relays(ctx: click.Context, fmt: str) -> None:
    """Which outlets relay which speakers, and how often.

    One row per outlet and speaker (counted by whom the speaker ultimately speaks for): the
    statements and documents, the wire agencies those documents credit ((AFP), --Reuters), and
    how many of them copy another article (near-duplicate text, linked prov:wasDerivedFrom).
    """
    from .analyze import relays as query
    from .export import render

    with _open(ctx) as store:
        rows = query(store)
    click.echo(render(rows, ["outlet", "speaker", "statements", "documents", "wire_credits", "copied"], fmt), nl=False)


@cli.command()
@click.argument("name")
@format_option(("table", "json", "jsonl", "csv"), "table")
@click.pass_context
def source(ctx: click.Context, name: str, fmt: str) -> None:
    """Everything the source NAME said (itself or through those who speak for it), and how each
    claim fared elsewhere: corroborated by whom, contradicted by whom, or alone.

    NAME is any alias the gazetteer knows ("SOHR", "the Observatory") or a source's label.
    """
    from .analyze import source_profile
    from .export import render

    with _open(ctx) as store:
        profile = source_profile(store, name)
    if profile is None:
        raise click.ClickException(f"no source named {name!r} in the store; `kg sources` lists them")
    if fmt == "json":
        click.echo(render([profile], [], "json"), nl=False)
        return
    click.echo(render(profile["statements"], ["doc", "speaker", "stance", "claim", "fate", "content"], fmt), nl=False)


def _parse_params(pairs: tuple[str, ...]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--param")
        value: Any = raw.strip()
        for cast in (int, float):
            try:
                value = cast(raw)
                break
            except ValueError:
                continue
        if raw.strip().lower() in {"true", "false"}:
            value = raw.strip().lower() == "true"
        params[name.strip()] = value
    return params


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--source", "source_col", required=True, help="Column of the source: a header name or a 1-based number.")
@click.option("--object", "object_col", required=True, help="Column of the object the claim is about.")
@click.option("--value", "value_col", required=True, help="Column of the claimed value.")
@click.option("--method", "-m", default="accu", show_default=True, type=METHOD_CHOICE,
              help="Truth-discovery method (see kg.truth for each one's paper).")
@click.option("--compare", "-c", default="exact", show_default=True, type=click.Choice(["exact", "numeric", "names"]),
              help="How values are compared: exact text, numbers with bounds (\"at least 23\"), or author/name lists.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the method, e.g. -p gamma=0.3 -p max_iter=50.")
@click.option("--sources", "show_sources", is_flag=True, help="Also print the trust of each source.")
@format_option(("table", "jsonl", "json", "csv"), "table")
def truth(file: str, source_col: str, object_col: str, value_col: str, method: str, compare: str,
          params: tuple[str, ...], show_sources: bool, fmt: str) -> None:
    """Decide which value of each object to believe, from a table of claims (TSV or CSV).

    Each row is a claim: a SOURCE says the OBJECT has the VALUE (a monitoring group's casualty
    count for an event; a bookstore's author list for a book). Prints, per object, the believed
    value as one of its sources wrote it and the method's confidence; with --sources, each
    source's trust. Columns are header names or 1-based numbers (for a file without header).
    Rows that cannot be read are reported on stderr with their line and skipped (exit code 3).
    """
    from .export import render
    from .truth import discover, read_claims

    table = read_claims(file, source=source_col, object=object_col, value=value_col)
    for error in table.errors:
        click.echo(f"skipped {error}", err=True)
    if not table.claims:
        raise click.ClickException(f"no claims could be read from {file}")
    try:
        result = discover(table.claims, method, compare, **_parse_params(params))
    except TypeError as exc:
        raise click.BadParameter(str(exc), param_hint="--param") from exc
    rows = [{"object": o, "value": v, "confidence": round(result.confidence[o], 4)} for o, v in result.truth.items()]
    click.echo(render(rows, ["object", "value", "confidence"], fmt), nl=False)
    if show_sources:
        trust = [{"source": s, "trust": round(t, 4)} for s, t in sorted(result.trust.items(), key=lambda x: -x[1])]
        click.echo(render(trust, ["source", "trust"], fmt), nl=False)
    click.echo(f"{method}: {len(rows)} objects, {len(result.trust)} sources, {result.iterations} iterations", err=True)
    if table.errors:
        sys.exit(EXIT_PARTIAL)


@cli.command()
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Check the store against the SHACL shapes of ontology/shapes.ttl; exit 1 on violations."""
    from .validate import validate as check

    with _open(ctx) as store:
        report = check(store)
    if report.conforms:
        click.echo("the store conforms to ontology/shapes.ttl")
        return
    click.echo(report.text)
    click.echo(f"{report.violations} violations", err=True)
    ctx.exit(1)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface: the endpoint has no access control).")
@click.option("--port", "-p", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0 picks a free one.")
@click.option("--timeout", default=30, show_default=True, type=click.IntRange(0), metavar="SECONDS",
              help="Stop a query that runs longer (503); 0 = no timeout.")
@click.option("--limit", default=10000, show_default=True, type=click.IntRange(0), metavar="ROWS",
              help="Refuse an answer with more rows (SELECT) or triples (CONSTRUCT, DESCRIBE) (400); 0 = no limit.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, timeout: int, limit: int) -> None:
    """Serve the store as a read-only SPARQL 1.1 Protocol endpoint until Ctrl-C.

    Queries go to http://HOST:PORT/query (also /sparql) by GET ?query=, POST form query= or POST
    application/sparql-query, over the union of the store's graphs. SELECT and ASK answer in JSON,
    XML, CSV or TSV, CONSTRUCT and DESCRIBE in Turtle, JSON-LD, N-Triples or RDF/XML, chosen by
    the Accept header or a format= parameter (json, xml, csv, tsv, turtle, jsonld, nt, rdfxml).
    The query page (YASGUI) is at http://HOST:PORT/. SPARQL Update is refused (403).

    Oxigraph's own server (`pip install oxigraph`) answers the queries, reading the store
    read-only; kg serve runs it and sits in front of it for the limit and the timeout. Do not
    write the store (kg ingest, import, drop, credibility) while it is served: Oxigraph leaves
    reading a database that another process writes undefined. Stop the server first.
    """
    from .serve import serve as run

    def announce(endpoint: Any) -> None:
        limits = (f"timeout {timeout} s" if timeout else "no timeout") + ", " + (
            f"limit {limit} rows" if limit else "no limit")
        click.echo(f"serving {ctx.obj['store']} read-only at {endpoint.url} "
                   f"(SPARQL endpoint {endpoint.url}query; {limits}); Ctrl-C stops")
        sys.stdout.flush()

    try:
        run(ctx.obj["store"], host=host, port=port, timeout=timeout, limit=limit, announce=announce)
    except KGError as exc:
        raise KGClickError(exc) from exc


def main() -> None:
    try:
        cli(prog_name="kg")
    except KGError as exc:  # raised outside a command's own handling
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
