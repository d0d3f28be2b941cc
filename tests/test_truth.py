"""Truth discovery (kg.truth): comparators, the claims graph, each method on small graphs with
answers worked out by hand, copy detection, the claims reader, and the AbeBooks benchmark."""

from __future__ import annotations

import doctest
import math
import statistics
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.truth
from kg.truth import (
    DEFAULT_METHOD,
    METHODS,
    Claim,
    NumericValue,
    Person,
    accu,
    claims_graph,
    crh,
    discover,
    majority_vote,
    names,
    numeric,
    parse_authors,
    parse_count,
    read_claims,
    sums,
    truthfinder,
)

from .conftest import shared_file


def people(*pairs: str) -> frozenset[Person]:
    """people("knuth d", "graham r") -> the set parse_authors should give."""
    return frozenset(Person(*(p.split() + [""])[:2]) for p in pairs)


def test_docstring_examples() -> None:
    assert doctest.testmod(kg.truth).failed == 0


# --- comparators --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Knuth, Donald E.", people("knuth d")),
    ("Donald E. Knuth", people("knuth d")),
    ("KNUTH, DONALD", people("knuth d")),
    ("Knuth Donald E", people("knuth d")),  # surname first, no comma: ends with an initial
    ("Knuth", people("knuth")),
    ("Donald E. Knuth; Ronald Graham", people("knuth d", "graham r")),
    ("Johnson, Michael K., Troan, Erik W.", people("johnson m", "troan e")),
    ("Kenneth L. Calvert, Michael J. Donahoo", people("calvert k", "donahoo m")),
    ("Bernstein, Philip A./ Newcomer, Eric", people("bernstein p", "newcomer e")),
    ("By (author) Calvert, Kenneth L. By (author) Donahoo, Michael J.", people("calvert k", "donahoo m")),
    ("Patterson, Tom (Author) Blue, Scott Gleeson (With)", people("patterson t", "blue s")),
    ("Date, C. J. (Author)", people("date c")),
    ("Leondes, Cornelius T. (Editor)", people("leondes c")),
    ("Ambler, Scott W./ Fowler, Martin (FRW)", people("ambler s")),  # foreword writers are not authors
    ("Aho &amp; Lam", people("aho", "lam")),
    ("Nick Rozanski, E&oacute;in Woods", people("rozanski n", "woods e")),
    ("Russell, StuartNorvig, Peter", people("russell s", "norvig p")),
    ("McCracken, Daniel D., Wolfe, Rosalee J.", people("mccracken d", "wolfe r")),
    ("Beyer, Hugh Holtzblatt, Karen", people("beyer h", "holtzblatt k")),  # no separator between people
    ("Donald E. Knuth John Fuller", people("knuth d", "fuller j")),
    ("Fischer, Charles N. And LeBlanc, Jr., Richard J.", people("fischer c", "leblanc r")),
    ("Foley, James D./ Van Dam, Andries", people("foley j", "dam a")),
    ("Andries van Dam", people("dam a")),
    ("Stevens, W.Richard", people("stevens w")),
    ("Yu, Clement (Author) Yu, C. T. (Author) Yu (Author)", people("yu c")),
    ("hornick, mark f.;  marcade, erik ;  venkayala, sunil ;", people("hornick m", "marcade e", "venkayala s")),
    ("Not Available", frozenset()),
    ("", frozenset()),
    ("  unknown ", frozenset()),
])
def test_parse_authors(text: str, expected: frozenset[Person]) -> None:
    assert parse_authors(text) == expected


@given(st.text(max_size=80))
@settings(max_examples=200, deadline=None)
def test_parse_authors_never_fails(text: str) -> None:
    result = parse_authors(text)
    assert all(isinstance(p, Person) and p.last for p in result)


def test_names_same_and_similarity() -> None:
    full = names.key("Knuth, Donald E.; Graham, Ronald")
    assert names.same(full, names.key("Ronald Graham, Donald Knuth"))  # reordered, other style
    assert names.key("Not Available") is None
    partial, surname = names.key("Donald E. Knuth"), names.key("Knuth")
    assert not names.same(partial, full) and not names.same(surname, partial)
    assert names.similarity(partial, full) == 1.0  # everything the partial list says is in the full one
    assert names.similarity(full, partial) == 0.5
    assert names.similarity(surname, partial) == 1.0
    assert names.similarity(partial, surname) == 0.0  # "Knuth" lacks what "Knuth, D." says
    assert names.similarity(full, names.key("Aho, Alfred")) == 0.0


@pytest.mark.parametrize(("text", "expected"), [
    ("23", NumericValue("exact", 23)),
    ("23 killed", NumericValue("exact", 23)),
    ("at least 23", NumericValue("min", 23)),
    (">=23", NumericValue("min", 23)),
    ("more than 40 people", NumericValue("min", 40)),
    ("23+", NumericValue("min", 23)),
    ("23 or more", NumericValue("min", 23)),
    ("40-odd", NumericValue("approx", 40)),
    ("about 25", NumericValue("approx", 25)),
    ("~25", NumericValue("approx", 25)),
    ("up to 30", NumericValue("max", 30)),
    ("1,200", NumericValue("exact", 1200)),
    ("twelve", NumericValue("exact", 12)),
    ("several", None),
    ("", None),
])
def test_parse_count(text: str, expected: NumericValue | None) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(("a", "b", "same"), [
    ("23", "at least 23", True),
    ("23", ">=23", True),
    ("about 25", "23", True),
    ("~25", "23", True),
    ("23", "70", False),
    ("at least 23", "70", False),  # a bound is not "any larger number"
    ("23", "24", False),  # two exact counts differ
    ("22", "at least 23", False),  # below the bound
    ("30", "up to 30", True),
    ("31", "up to 30", False),
])
def test_numeric_same(a: str, b: str, same: bool) -> None:
    ka, kb = numeric.key(a), numeric.key(b)
    assert numeric.same(ka, kb) is same and numeric.same(kb, ka) is same
    if same:
        assert numeric.similarity(ka, kb) == 1.0
    else:
        assert 0.0 <= numeric.similarity(ka, kb) < 1.0


def test_numeric_similarity_falls_with_distance() -> None:
    k = numeric.key
    assert numeric.similarity(k("23"), k("24")) > numeric.similarity(k("23"), k("30")) > numeric.similarity(k("23"), k("70"))


# --- the graph ----------------------------------------------------------------------------------


def test_claims_graph_shape() -> None:
    claims = [("SOHR", "dead", "23"), ("LCC", "dead", "at least 23"), ("Civil Defence", "dead", "about 25"),
              ("Russia", "dead", "0"), ("SOHR", "dead", "23"), ("TASS", "dead", "none")]
    G = claims_graph(claims, "numeric")
    values = {n: d for n, d in G.nodes(data=True) if d["kind"] == "value"}
    sources = {d["name"] for _, d in G.nodes(data=True) if d["kind"] == "source"}
    assert sources == {"SOHR", "LCC", "Civil Defence", "Russia"}
    assert G.graph["missing"] == 1  # "none" holds no number
    assert sorted(d["value"] for d in values.values()) == ["0", "23"]
    (count,) = [d for d in values.values() if d["value"] == "23"]
    assert count["object"] == "dead" and count["kind"] == "value"
    assert count["spellings"] == {"23": 2, "at least 23": 1, "about 25": 1}
    assert all(G.nodes[s]["kind"] == "source" and G.nodes[v]["kind"] == "value" for s, v in G.edges())
    assert G.out_degree(("source", "SOHR")) == 1  # the repeated claim adds no edge


def test_claims_graph_names_collapse_spellings() -> None:
    G = claims_graph([Claim("a", "b1", "Knuth, Donald E."), Claim("b", "b1", "DONALD KNUTH"),
                      Claim("c", "b1", "Knuth"), Claim("d", "b1", "Not Available")], "names")
    values = sorted((d["value"], len(d["spellings"])) for _, d in G.nodes(data=True) if d["kind"] == "value")
    assert values == [("Knuth", 1), ("Knuth, Donald E.", 2)]
    assert G.graph["missing"] == 1 and ("source", "d") not in G


def test_unknown_comparator_and_method() -> None:
    with pytest.raises(ValueError, match="unknown comparator"):
        claims_graph([], "fuzzy")
    with pytest.raises(ValueError, match="unknown method"):
        discover([], method="pagerank")
    assert DEFAULT_METHOD in METHODS and set(METHODS) == {"majority_vote", "sums", "truthfinder", "accu", "crh"}


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_method_on_empty_and_tiny_graphs(method: str) -> None:
    empty = METHODS[method](claims_graph([]))
    assert empty.truth == {} and empty.trust == {}
    one = METHODS[method](claims_graph([("a", "x", "1")]))
    assert one.truth == {"x": "1"} and 0.0 <= one.confidence["x"] <= 1.0 and one.method == method


# --- methods, by hand ---------------------------------------------------------------------------

THREE = [("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")]


def test_majority_vote() -> None:
    result = majority_vote(claims_graph(THREE + [("a", "y", "5"), ("c", "y", "6")]))
    assert result.truth == {"x": "1", "y": "5"}  # a tie goes to the value seen first
    assert result.confidence == {"x": pytest.approx(2 / 3), "y": pytest.approx(1 / 2)}
    assert result.trust == {"a": 1.0, "b": 1.0, "c": 0.0}
    assert result.scores[("x", "1")] == 2 and result.iterations == 1


SUMS = [("a", "x", "1"), ("b", "x", "1"), ("b", "y", "3"), ("c", "y", "4")]


def test_sums_first_steps_by_hand() -> None:
    G = claims_graph(SUMS)
    # Step 1: trust 1 -> belief (x1, y3, y4) = (2, 1, 1)/2; trust (a, b, c) = (1, 1.5, .5)/1.5.
    assert sums(G, max_iter=1).trust == pytest.approx({"a": 2 / 3, "b": 1.0, "c": 1 / 3})
    # Step 2: belief (5/3, 1, 1/3)/(5/3) = (1, .6, .2); trust (1, 1.6, .2)/1.6.
    assert sums(G, max_iter=2).trust == pytest.approx({"a": 0.625, "b": 1.0, "c": 0.125})


def test_sums_converges_to_the_principal_eigenvector() -> None:
    # Trust is the leading eigenvector of M M^T = [[1, 1, 0], [1, 2, 0], [0, 0, 1]]:
    # eigenvalue (3 + sqrt 5) / 2 with (a, b) = (1, golden ratio), c = 0.
    result = sums(claims_graph(SUMS), tol=1e-10, max_iter=200)
    phi = (1 + math.sqrt(5)) / 2
    assert result.trust == pytest.approx({"a": 1 / phi, "b": 1.0, "c": 0.0}, abs=1e-6)
    assert result.scores == pytest.approx({("x", "1"): 1.0, ("y", "3"): 1 / phi, ("y", "4"): 0.0}, abs=1e-6)
    assert result.truth == {"x": "1", "y": "3"}


def test_truthfinder_one_step_by_hand() -> None:
    gamma, rho, base, t0 = 0.3, 0.5, 0.5, 0.9
    result = truthfinder(claims_graph(THREE), gamma=gamma, rho=rho, base_sim=base, initial_trust=t0, max_iter=1)
    tau = -math.log(1 - t0)
    sigma1, sigma2 = 2 * tau, tau
    # Different values of one object imply each other at similarity 0, i.e. -base_sim.
    s1 = 1 / (1 + math.exp(-gamma * (sigma1 + rho * sigma2 * (0 - base))))
    s2 = 1 / (1 + math.exp(-gamma * (sigma2 + rho * sigma1 * (0 - base))))
    assert result.scores == pytest.approx({("x", "1"): s1, ("x", "2"): s2})
    assert result.trust == pytest.approx({"a": s1, "b": s1, "c": s2})
    assert result.truth == {"x": "1"} and result.confidence["x"] == pytest.approx(s1)


PARTIAL = [("a", "book", "Knuth"), ("b", "book", "Knuth"), ("c", "book", "Knuth"),
           ("d", "book", "Knuth, Donald; Graham, Ronald"), ("e", "book", "Donald Knuth, Ronald Graham")]


def test_truthfinder_implication_lets_partial_lists_support_the_full_one() -> None:
    G = claims_graph(PARTIAL, "names")
    assert majority_vote(G).truth == {"book": "Knuth"}
    result = truthfinder(G, max_iter=1)
    tau = -math.log(1 - 0.9)
    # imp(Knuth -> full) = 1 - 0.5; imp(full -> Knuth) = 0 - 0.5.
    partial = 1 / (1 + math.exp(-0.3 * (3 * tau + 0.5 * 2 * tau * -0.5)))
    full = 1 / (1 + math.exp(-0.3 * (2 * tau + 0.5 * 3 * tau * 0.5)))
    assert result.scores == pytest.approx({("book", "Knuth"): partial, ("book", "Knuth, Donald; Graham, Ronald"): full})
    assert truthfinder(G).truth == {"book": "Knuth, Donald; Graham, Ronald"}


def test_accu_one_step_by_hand() -> None:
    result = accu(claims_graph(THREE), copying=False, similarity=0, max_iter=1)
    vote = math.log(100 * 0.8 / 0.2)  # n_false = 100, accuracy 0.8
    total = math.exp(2 * vote) + math.exp(vote) + 99  # 99 unclaimed values count 0
    p1, p2 = math.exp(2 * vote) / total, math.exp(vote) / total
    assert result.scores == pytest.approx({("x", "1"): p1, ("x", "2"): p2})
    assert result.trust == pytest.approx({"a": p1, "b": p1, "c": p2})
    assert result.confidence == pytest.approx({"x": p1})


def test_accu_similarity_by_hand() -> None:
    G = claims_graph([("a", "book", "Knuth"), ("b", "book", "Knuth, D.")], "names")
    result = accu(G, copying=False, similarity=0.5, max_iter=1)
    vote = math.log(400)
    # "Knuth" lends half its count to "Knuth, D."; "Knuth, D." lends nothing back.
    total = math.exp(vote) + math.exp(1.5 * vote) + 99
    assert result.scores == pytest.approx({("book", "Knuth"): math.exp(vote) / total,
                                           ("book", "Knuth, D."): math.exp(1.5 * vote) / total})
    assert result.truth == {"book": "Knuth, D."}


def copying_world() -> tuple[list[tuple[str, str, str]], list[str]]:
    """Five independent sources, each with one slip of its own, and four that copy one original
    whose mistakes they share. On o0-o9 all five independents speak and the copied mistakes
    (o1, o3, ..., o9) lose; on o10-o13 only three independents speak, and the four copies of
    the same mistake outvote them."""
    claims = []
    independents, copiers = ["i1", "i2", "i3", "i4", "i5"], ["c1", "c2", "c3", "c4"]
    for k, source in enumerate(independents):
        claims += [(source, f"o{i}", f"{source}-slip" if i == 2 * k else "true") for i in range(10)]
    for source in independents[:3]:
        claims += [(source, f"o{i}", "true") for i in range(10, 14)]
    for source in copiers:
        claims += [(source, f"o{i}", "copied" if i % 2 or i >= 10 else "true") for i in range(14)]
    return claims, [f"o{i}" for i in range(14)]


def test_copying_sources_do_not_outvote_independent_ones_under_accu() -> None:
    claims, objects = copying_world()
    G = claims_graph(claims)
    contested = ["o10", "o11", "o12", "o13"]
    assert all(majority_vote(G).truth[o] == "copied" for o in contested)
    assert all(accu(G, copying=False).truth[o] == "copied" for o in contested)  # accuracy alone is not enough
    result = accu(G)
    assert all(result.truth[o] == "true" for o in objects)
    copier_pairs = {("c1", "c2"), ("c1", "c3"), ("c1", "c4"), ("c2", "c3"), ("c2", "c4"), ("c3", "c4")}
    assert set(result.dependence) == copier_pairs
    assert min(result.dependence.values()) > 0.99
    assert max(result.trust[c] for c in ["c1", "c2", "c3", "c4"]) < min(result.trust[i] for i in ["i1", "i2", "i3"])


def test_crh_numeric_one_step_by_hand() -> None:
    claims = [("a", "k", "10"), ("b", "k", "12"), ("c", "k", "40"), ("a", "j", "5"), ("b", "j", "5"), ("c", "j", "9")]
    result = crh(claims_graph(claims, "numeric"), max_iter=1, eps=1e-6)
    # Unweighted medians: k -> 12, j -> 5. Losses: distances over the claims' standard deviation.
    sd_k, sd_j = statistics.pstdev([10, 12, 40]), statistics.pstdev([5, 5, 9])
    loss = {"a": 2 / sd_k + 1e-6, "b": 1e-6, "c": 28 / sd_k + 4 / sd_j + 1e-6}
    weight = {s: -math.log(v / sum(loss.values())) for s, v in loss.items()}
    assert result.truth == {"k": "12", "j": "5"}
    assert result.trust == pytest.approx({s: w / weight["b"] for s, w in weight.items()})
    assert result.confidence["j"] == pytest.approx((weight["a"] + weight["b"]) / sum(weight.values()))


def test_crh_weighted_median_follows_the_reliable_source() -> None:
    # b is right on all eight counts; a misses four of them and c the other four. On "m", where
    # a and c agree on 50, the weighted median follows b's 30.
    claims = [("b", f"o{i}", "10") for i in range(8)]
    claims += [("a", f"o{i}", "99" if i < 4 else "10") for i in range(8)]
    claims += [("c", f"o{i}", "80" if i >= 4 else "10") for i in range(8)]
    claims += [("a", "m", "50"), ("c", "m", "50"), ("b", "m", "30")]
    result = crh(claims_graph(claims, "numeric"))
    assert result.truth == {**{f"o{i}": "10" for i in range(8)}, "m": "30"}
    assert result.trust["b"] == 1.0 > result.trust["a"]
    assert majority_vote(claims_graph(claims, "numeric")).truth["m"] == "50"


def test_crh_categorical() -> None:
    result = crh(claims_graph(THREE + [("a", "y", "5"), ("b", "y", "5"), ("c", "y", "6")]))
    assert result.truth == {"x": "1", "y": "5"}
    assert result.trust["a"] == result.trust["b"] == 1.0 > result.trust["c"]


def test_discover_runs_any_method() -> None:
    claims = [("SOHR", "dead", "23"), ("LCC", "dead", "at least 23"), ("Russia", "dead", "0")]
    for method in METHODS:
        assert discover(claims, method=method, compare="numeric").truth == {"dead": "23"}
    assert discover(claims, compare="numeric", similarity=0).params["similarity"] == 0


# --- reading claims -----------------------------------------------------------------------------


def test_read_claims_by_header_name_with_a_broken_row(tmp_path: Path) -> None:
    path = tmp_path / "claims.tsv"
    path.write_bytes(b"store\tisbn\ttitle\tauthors\r\n"
                     b"A1Books\t0201\tTAOCP\tKnuth, Donald E.\r\n"
                     b"broken row without tabs\r\n"
                     b"Indoo.com\t0201\tTAOCP\t\r\n"
                     b"\tno store\tx\ty\r\n")
    table = read_claims(path, source="store", object="isbn", value="authors")
    assert list(table) == [Claim("A1Books", "0201", "Knuth, Donald E."), Claim("Indoo.com", "0201", "")]
    assert [e.origin for e in table.errors] == [f"{path}:3", f"{path}:5"]
    assert "columns" in table.errors[0].reason


def test_read_claims_by_column_number_without_header(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_bytes(b'SOHR,idlib,"killed, at least 23",x\r\n'
                     b"LCC,idlib\r\n"
                     b"Civil Defence,idlib,about 25,\r\n"
                     b"Bad,idlib,\xff\xfe,x\r\n")
    table = read_claims(path, source=1, object=2, value="3")
    assert [c.value for c in table] == ["killed, at least 23", "about 25"]
    assert [e.origin.rsplit(":", 1)[1] for e in table.errors] == ["2", "4"]
    assert "UTF-8" in table.errors[1].reason
    assert discover(table, "majority_vote", "numeric").truth == {"idlib": "killed, at least 23"}


def test_read_claims_problems_are_reported_not_raised(tmp_path: Path) -> None:
    missing = read_claims(tmp_path / "nope.tsv")
    assert not missing.claims and "cannot read" in missing.errors[0].reason
    path = tmp_path / "h.csv"
    path.write_text("who,what,value\na,b,c\n", encoding="utf-8")
    wrong = read_claims(path, source="speaker", object="what", value="value")
    assert not wrong.claims and "no column named 'speaker'" in wrong.errors[0].reason
    with pytest.raises(ValueError, match="start at 1"):
        read_claims(path, source=0)


@given(st.binary(max_size=300))
@settings(max_examples=100, deadline=None)
def test_read_claims_never_raises(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("any") / "any.tsv"
    path.write_bytes(data)
    table = read_claims(path, source=1, object=2, value=3)
    assert all(c.source and c.object for c in table)


# --- the AbeBooks benchmark ---------------------------------------------------------------------


def test_abebooks_benchmark() -> None:
    books = shared_file("data", "books", "book.txt")
    golden = shared_file("data", "books", "book_golden.txt")
    G = claims_graph(read_claims(books, source=1, object=2, value=4), "names")
    truth = {}
    for line in golden.read_text(encoding="utf-8").splitlines():
        isbn, _, authors = line.partition("\t")
        truth[isbn] = names.key(authors)

    def accuracy(method: str) -> float:
        believed = METHODS[method](G).truth
        return sum(names.key(believed.get(isbn, "")) == key for isbn, key in truth.items()) / len(truth)

    assert 0.75 <= accuracy("majority_vote") <= 0.85
    assert accuracy(DEFAULT_METHOD) >= 0.93
