"""Queries over the corpus database, each a pandas DataFrame; `baocao search|refs|compare` print them.

User input is only ever bound as a SQL parameter. Search text becomes an FTS5 expression
in `match_expression`, which quotes every plain word, so ordinary queries never meet FTS
syntax; quotes ("Nghị quyết"), AND/OR/NOT, parentheses and a trailing * keep their FTS5
meaning, and an expression FTS5 rejects raises a one-line QueryError.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from pathlib import Path

import pandas as pd

from pipeline.highlight import MARKS, OPERATORS, QUERY_TOKEN, parse, snippet, terms
from pipeline.indicators import taxonomy
from pipeline.model import LABELS
from pipeline.settings import SETTINGS
from pipeline.store import Corpus, exact_key, loose_key, reading

Db = str | Path | Corpus | sqlite3.Connection
GROUPS = ("place", "province", "year")

UNKNOWN = "(không rõ)"  # the group of documents whose place (or province) is not known


class QueryError(ValueError):
    """A query the corpus cannot answer as asked (bad FTS syntax, unknown label or grouping)."""


def match_expression(query: str, exact: bool = False) -> str:
    """The FTS5 MATCH expression for a user query, folded like the indexed column."""
    parts, count = [], 0
    for token, text, prefix in parse(query, exact):
        if token == '"':
            raise QueryError(f"unbalanced quote in search query {query!r}")
        if text is None:  # an operator or a bracket
            parts.append(token)
            continue
        if not re.search(r"\w", text):
            continue
        parts.append(f'"{text}"' + ("*" if prefix else ""))
        count += 1
    if not count:
        raise QueryError(f"nothing to search for in {query!r}")
    return f"{'exact' if exact else 'loose'} : ({' '.join(parts)})"


def _phrase(query: str, exact: bool) -> str | None:
    """The FTS5 phrase of a query of two or more plain words (no quotes, operators or prefixes)."""
    tokens = QUERY_TOKEN.findall(query)
    if len(tokens) < 2 or any(t in OPERATORS or t in '()"' or t.startswith('"') or t.endswith("*") for t in tokens):
        return None
    column, key = ("exact", exact_key) if exact else ("loose", loose_key)
    return f'{column} : ("{" ".join(key(t) for t in tokens)}")'


def place_matches(value: str | None, query: str) -> bool:
    """'Bình Thủy', 'quận bình thuỷ' and 'Quận Bình Thủy' all name 'quận Bình Thủy'."""
    if value is None:
        return False
    have, want = _words(value), _words(query)
    return have == want or have.endswith(" " + want)


def ref_key(text: str) -> tuple[str, str | None]:
    """('5-ct/tw', None) for '05-CT/TW', ('15-nq/tu', 'ha noi') for '15-NQ/TU@Hà Nội'."""
    key, _, scope = text.partition("@")
    key = re.sub(r"(?<!\d)0+(?=\d)", "", "".join(loose_key(key).split()))
    scope = "/".join(filter(None, (_words(part) for part in scope.split("/"))))
    return key, scope or None


def ref_matches(canonical: str, query: str) -> bool:
    """Whether a stored canonical key is the reference a user typed. Without '@' it matches
    every province's; '@Hà Nội' matches '@Hà Nội' and '@Hà Nội/Quận Long Biên'."""
    have, want = ref_key(canonical), ref_key(query)
    if have[0] != want[0]:
        return False
    if want[1] is None:
        return True
    scopes = (have[1] or "").split("/")
    return all(any(place_matches(scope, part) for scope in scopes) for part in want[1].split("/"))


def search(db: Db, query: str, label: str | None = None, place: str | None = None,
           province: str | None = None, year: int | None = None, ref: str | None = None,
           exact: bool = False, limit: int = 20) -> pd.DataFrame:
    """Ranked sentences (best first, bm25) with a snippet marking the hits «like this».

    An empty query lists the sentences the filters select, in document order.
    `ref` keeps the documents that cite that reference.

    A query whose words are in more than SETTINGS.rank_window sentences ('đảng', 'đảng viên' in a
    large corpus) is too broad for bm25 to rank well, and too slow: bm25 counts every
    matching row to weigh each word. Its results come from the SETTINGS.rank_window matching
    sentences stored last, shortest first (what bm25 favours when every word is common),
    with no score; `frame.attrs["ranked"]` is then False. Add words to rank by relevance.
    """
    if label is not None and label not in LABELS:
        raise QueryError(f"unknown label {label!r}: use one of {', '.join(LABELS)}")
    if len(query) > SETTINGS.max_query_chars or len(query.split()) > SETTINGS.max_query_words:
        raise QueryError(f"query too long ({len(query.split())} words, {len(query)} characters): "
                         f"at most {SETTINGS.max_query_words} words and {SETTINGS.max_query_chars} characters")
    if not 1 <= limit <= SETTINGS.max_limit or (year is not None and not 1000 <= year <= 9999):
        raise QueryError(f"--limit must be 1 to {SETTINGS.max_limit} and --year a four-digit year")
    where, params = [], {"limit": limit}
    if label:
        where.append("s.label = :label")
        params["label"] = label
    if year is not None:
        where.append("d.year = :year")
        params["year"] = int(year)
    with reading(db) as conn:
        for column, wanted in (("place", place), ("province", province)):
            if wanted:  # its spellings, matched once each, not once a row
                spellings = [v for (v,) in conn.execute(f"SELECT DISTINCT {column} FROM documents")
                             if place_matches(v, wanted)]
                names = [f":{column}{i}" for i in range(len(spellings))]
                where.append(f"d.{column} IN ({', '.join(names)})" if names else "0")
                params.update({name[1:]: v for name, v in zip(names, spellings)})
        if ref:
            canonicals = resolve(conn, ref)
            names = [f":ref{i}" for i in range(len(canonicals))]
            where.append(f"d.id IN (SELECT doc_id FROM ref_mentions WHERE canonical IN ({', '.join(names)}))")
            params.update({name[1:]: c for name, c in zip(names, canonicals)})
        columns = ("s.id, d.id AS doc_id, coalesce(d.title, d.source) AS document, d.place, d.province,"
                   " d.date, s.idx AS sentence_idx, s.label")
        filters = "".join(" AND " + w for w in where)
        if not query.strip():
            sql = (f"SELECT {columns}, s.text AS snippet, NULL AS score"
                   " FROM sentences s JOIN documents d ON d.id = s.doc_id"
                   f" WHERE 1 {filters} ORDER BY d.date, d.id, s.idx LIMIT :limit")
            return pd.read_sql_query(sql, conn, params=params).drop(columns="id")
        params["match"] = match_expression(query, exact)
        try:
            frame, ranked = _matches(conn, filters, columns, params)
            phrase = _phrase(query, exact)
            if phrase is not None and ranked:  # the words side by side first: 'nghị quyết', not 'hội nghị ... quyết'
                together, _ = _matches(conn, filters, columns, {**params, "match": phrase})
                frame = pd.concat([together, frame[~frame["id"].isin(together["id"])]]).head(params["limit"])
            texts = dict(conn.execute(f"SELECT id, text FROM sentences WHERE id IN"
                                      f" ({', '.join(str(int(i)) for i in frame['id'])})").fetchall())
        except (sqlite3.OperationalError, pd.errors.DatabaseError) as error:
            if "fts5" not in str(error):
                raise
            message = str(error).splitlines()[-1].split("fts5: ", 1)[-1]
            raise QueryError(f"bad search query {query!r}: {message}") from None
    hits = terms(query, exact)  # marked here, not by FTS5's snippet(): that would match every row again
    frame.insert(frame.columns.get_loc("score"), "snippet",
                 frame.pop("id").map(lambda i: snippet(texts[i], hits, exact)).astype(object))
    # Adjacent hits read as one: '«Nghị» «quyết»' -> '«Nghị quyết»'.
    frame["snippet"] = frame["snippet"].str.replace(f"{MARKS[1]} {MARKS[0]}", " ", regex=False)
    frame.attrs["ranked"] = ranked
    return frame


def _matches(conn: sqlite3.Connection, filters: str, columns: str,
             params: dict) -> tuple[pd.DataFrame, bool]:
    """The best `limit` matching sentences (without snippets), and whether bm25 ranked them."""
    joins = (" FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid"
             " JOIN documents d ON d.id = s.doc_id WHERE sentences_fts MATCH :match")
    floor = conn.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH :match"
                         f" ORDER BY rowid DESC LIMIT 1 OFFSET {SETTINGS.rank_window}", params).fetchone()
    if floor is not None:
        window = pd.read_sql_query(
            f"SELECT {columns}, NULL AS score {joins} AND sentences_fts.rowid > {int(floor[0])}{filters}"
            " ORDER BY length(s.text), s.id LIMIT :limit", conn, params=params)
        if len(window) == params["limit"] or not filters:
            return window, False
    # Few enough matches (or filters that keep too few of the window): bm25 over every match.
    # snippet() is left to the caller, for the rows returned only: in this query SQLite would
    # compute it for every match before sorting.
    return pd.read_sql_query(
        f"SELECT {columns}, -bm25(sentences_fts) AS score {joins}{filters}"
        # a heading ('II. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT') after the sentences that say something
        " ORDER BY coalesce(s.heading, 0), bm25(sentences_fts), d.id, s.idx LIMIT :limit",
        conn, params=params), True


def refs(db: Db, query: str | None = None) -> pd.DataFrame:
    """Referenced documents, most widely cited first, with the reports and places citing them.

    `query` keeps the rows whose words ('CT/TW', 'chỉ thị 05', 'Bộ Chính trị') all occur
    in the reference's key, type, number, symbol, issuer or subject.
    """
    with reading(db) as conn:
        frame = pd.read_sql_query(
            """SELECT r.canonical, r.type, r.number, r.symbol, r.issuer, r.subject,
                      count(DISTINCT m.doc_id) AS n_reports, count(*) AS n_mentions,
                      (SELECT group_concat(place, '; ') FROM (
                           SELECT DISTINCT d.place FROM ref_mentions x
                           JOIN documents d ON d.id = x.doc_id
                           WHERE x.canonical = r.canonical AND d.place IS NOT NULL
                           ORDER BY d.place)) AS places
               FROM refs r JOIN ref_mentions m ON m.canonical = r.canonical
               GROUP BY r.canonical
               ORDER BY n_reports DESC, n_mentions DESC, r.canonical""", conn)
    frame["places"] = frame["places"].map(_one_spelling)
    if query and query.strip():
        wanted = _ref_words(query)
        fields = ["canonical", "type", "number", "symbol", "issuer", "subject"]
        keep = [wanted <= _ref_words(" ".join(str(v) for v in row if v is not None))
                for row in frame[fields].itertuples(index=False)]
        frame = frame[keep].reset_index(drop=True)
    return frame


def resolve(db: Db, ref: str) -> list[str]:
    """The stored canonical keys a user's reference names ('05-CT/TW' -> ['5-CT/TW'];
    '15-NQ/TU' -> every province's 15-NQ/TU, '15-NQ/TU@Hà Nội' -> Hà Nội's). A reference as
    people write it ('Chỉ thị 5-CT/TW', 'Chỉ thị số 05', 'NQTW4 khóa XII') is read by the
    extractor first; a type and number without issuer ('Chỉ thị 05') names every such document."""
    if not ref_key(ref)[0]:
        raise QueryError(f"not a reference: {ref!r}")
    with reading(db) as conn:
        rows = conn.execute("SELECT canonical, type, number FROM refs").fetchall()
    found = sorted(c for c, _, _ in rows if ref_matches(c, ref))
    if found:
        return found
    from pipeline.references import find_references

    read = find_references(" ".join(ref.split()))
    if len(read) != 1:
        return []
    [written] = read
    if written.canonical and "?" not in written.canonical:
        return sorted(c for c, _, _ in rows if ref_matches(c, written.canonical))
    return sorted(c for c, kind, number in rows  # 'Chỉ thị 05': every Chỉ thị numbered 5
                  if kind == written.type and number and written.number and number.lstrip("0") == written.number)


def citing(db: Db, ref: str) -> pd.DataFrame:
    """Every report citing `ref`, with each mention's sentence and the sentences either side.

    One row per sentence: `role` is 'mention' for a sentence holding a mention (listed in
    `mention`) and 'context' for its neighbours; a report's rows are in text order.
    """
    columns = ["doc_id", "document", "place", "province", "date", "canonical", "sentence_idx",
               "role", "label", "text", "mention"]
    with reading(db) as conn:
        canonicals = resolve(conn, ref)
        marks = ", ".join("?" * len(canonicals))
        mentions = conn.execute(
            f"SELECT doc_id, canonical, sentence_idx, text FROM ref_mentions"
            f" WHERE canonical IN ({marks}) AND sentence_idx IS NOT NULL"
            " ORDER BY doc_id, sentence_idx, start", canonicals).fetchall()
        by_doc: dict[str, dict[int, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
        for doc_id, canonical, idx, text in mentions:
            by_doc[doc_id][idx].append((canonical, text))
        rows = []
        for doc_id, held in by_doc.items():
            window = sorted({i + d for i in held for d in (-1, 0, 1) if i + d >= 0})
            found = conn.execute(
                f"""SELECT d.id, coalesce(d.title, d.source), d.place, d.province, d.date,
                           s.idx, s.label, s.text
                    FROM sentences s JOIN documents d ON d.id = s.doc_id
                    WHERE s.doc_id = ? AND s.idx IN ({', '.join('?' * len(window))})
                    ORDER BY s.idx""", (doc_id, *window)).fetchall()
            for doc, title, place, province, date, idx, label, text in found:
                here = held.get(idx, [])
                canonical = "; ".join(dict.fromkeys(c for c, _ in here)) or None
                rows.append((doc, title, place, province, date, canonical, idx,
                             "mention" if here else "context", label, text,
                             "; ".join(dict.fromkeys(t for _, t in here)) or None))
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["date", "document", "sentence_idx"], na_position="last",
                             kind="stable").reset_index(drop=True)


def compare(db: Db, by: str = "place") -> pd.DataFrame:
    """One row per place, province or year: documents, label counts and shares, the
    most-cited references and, by place, each standard indicator's value in the latest period
    (columns `<indicator>` and `<indicator>_period`, see `indicators` for provenance).
    Figures are never summed or averaged across documents: an indicator with two different
    values for that period is left empty and listed in `conflicts`. By province or year there
    are no indicator columns: a district's figure is not its province's.

    Places and provinces are grouped case-, diacritic- and tone-style-insensitively
    ('quận Bình Thuỷ' with 'Quận Bình Thủy') under their most frequent spelling.
    `top_refs` lists up to 3 references, most citing reports first, with their mentions.
    """
    with reading(db) as conn:
        docs, labels, mentions, figures = _grouped(conn, by)
    frame = docs.groupby("grp", dropna=False).agg(
        **{by: ("name", _spelling), "documents": ("doc_id", "size")})
    counts = pd.crosstab(labels["grp"], labels["label"], dropna=False).reindex(columns=list(LABELS),
                                                                                fill_value=0)
    frame = frame.join(counts.add_prefix("n_"))
    n = [f"n_{label}" for label in LABELS]
    frame[n] = frame[n].fillna(0).astype(int)
    frame.insert(2, "sentences", frame[n].sum(axis=1))
    for label in LABELS:
        frame[f"share_{label}"] = (frame[f"n_{label}"] / frame["sentences"].where(frame["sentences"] > 0)).round(4)

    per_ref = _per_ref(mentions)
    top = per_ref.groupby("grp", dropna=False, sort=False).head(3)
    items = (top["canonical"] + " (" + top["mentions"].astype(str) + ")").rename("item")
    frame["top_refs"] = items.groupby(top["grp"], dropna=False, sort=False).agg("; ".join)

    if by == "place":  # a district's figure is not its province's, nor its year's
        frame = frame.join(_latest(figures))
    return frame.sort_index(na_position="last").reset_index(drop=True)


def _latest(values: pd.DataFrame) -> pd.DataFrame:
    """Per group, each indicator's value in its latest period: `<id>`, `<id>_period`, and
    `conflicts` naming the indicators whose documents disagree there ('members_total 2023:
    4164 / 4200'). Periods sort as written: '2023' < '2023-H1' < '2024'."""
    if values.empty:
        return pd.DataFrame(columns=[*(f"{i.id}{suffix}" for i in taxonomy() for suffix in ("", "_period")),
                                     "conflicts"])
    latest = values[values["period"] == values.groupby(["grp", "indicator"], dropna=False)["period"]
                    .transform("max")]
    per = latest.groupby(["grp", "indicator", "period"], dropna=False)["value"].agg(
        lambda v: sorted(set(v))).reset_index()
    per["one"] = [v[0] if len(v) == 1 else float("nan") for v in per["value"]]
    out = pd.DataFrame(index=pd.Index(per["grp"].unique(), name="grp"))
    for i in taxonomy():
        rows = per[per["indicator"] == i.id].set_index("grp")
        out[i.id] = pd.to_numeric(rows["one"]).reindex(out.index)
        out[f"{i.id}_period"] = rows["period"].reindex(out.index)
    clash = per[per["value"].map(len) > 1]
    text = pd.Series([f"{i} {p}: " + " / ".join(f"{x:g}" for x in v)
                      for i, p, v in zip(clash["indicator"], clash["period"], clash["value"])],
                     index=clash.index, dtype=object)
    out["conflicts"] = text.groupby(clash["grp"], dropna=False).agg("; ".join)
    return out


def cited(db: Db, by: str = "place") -> pd.DataFrame:
    """How often each place, province or year cites each reference: (by, canonical, reports, mentions)."""
    with reading(db) as conn:
        docs, _, mentions, _ = _grouped(conn, by)
    names = docs.groupby("grp", dropna=False)["name"].agg(_spelling)
    per_ref = _per_ref(mentions)
    per_ref.insert(0, by, per_ref["grp"].map(names))
    return per_ref.drop(columns="grp").reset_index(drop=True)


def _grouped(conn: sqlite3.Connection, by: str) -> tuple[pd.DataFrame, ...]:
    """Documents, sentence labels, mentions and indicator values, each row with its group key `grp`."""
    if by not in GROUPS:
        raise QueryError(f"cannot compare by {by!r}: use one of {', '.join(GROUPS)}")
    docs = pd.read_sql_query(f"SELECT id AS doc_id, {by} AS name FROM documents", conn)
    labels = pd.read_sql_query("SELECT doc_id, label FROM sentences", conn)
    mentions = pd.read_sql_query("SELECT doc_id, canonical FROM ref_mentions", conn)
    figures = pd.read_sql_query(
        "SELECT i.doc_id, i.indicator, i.value, i.unit, coalesce(i.period, CAST(d.year AS TEXT)) AS period"
        " FROM indicators i JOIN documents d ON d.id = i.doc_id", conn)
    # an indicator's column holds its own unit: a share in %, not the count of members it was read beside
    figures = figures[figures["unit"] == figures["indicator"].map({i.id: i.unit for i in taxonomy()})]
    if by == "year":
        docs["grp"] = docs["name"].astype("Int64")
    else:
        docs["grp"] = [_words(n) if isinstance(n, str) else None for n in docs["name"]]
    group_of = docs.set_index("doc_id")["grp"]
    for table in (labels, mentions, figures):
        table["grp"] = table["doc_id"].map(group_of)
    return docs, labels, mentions, figures


def _per_ref(mentions: pd.DataFrame) -> pd.DataFrame:
    per_ref = mentions.groupby(["grp", "canonical"], dropna=False).agg(
        reports=("doc_id", "nunique"), mentions=("doc_id", "size")).reset_index()
    return per_ref.sort_values(["reports", "mentions", "canonical"], ascending=[False, False, True])


def _spelling(names: pd.Series):
    """The most frequent way a group's place (or year) is written."""
    return names.mode().iat[0] if names.notna().any() else None


def _words(text: str) -> str:
    return " ".join(loose_key(text).split())


def _one_spelling(places: str | None) -> str | None:
    """'Quận 10; quận 10' -> 'Quận 10': a place written two ways is still one place."""
    if not isinstance(places, str):  # None, or NaN from pandas' string dtype: no place known
        return None
    first: dict[str, str] = {}
    for place in places.split("; "):
        first.setdefault(_words(place), place)
    return "; ".join(first.values())


def _ref_words(text: str) -> set[str]:
    return {re.sub(r"^0+(?=\d)", "", w) for w in re.findall(r"\w+", loose_key(text))}


def indicators(db: Db, by: str = "place", indicator: str | None = None) -> pd.DataFrame:
    """Indicator values per place (or province) and period, each with where it was read: the
    document, the sentence and its offsets. Values of one indicator only are put side by side;
    two different values for the same group, indicator, unit and period are marked `conflict`
    (a share of members rated good, 94.87 %, does not conflict with their count, 4164).
    Documents with no place form one group, '(không rõ)'."""
    if by not in ("place", "province"):
        raise QueryError(f"cannot group indicators by {by!r}: use place or province")
    with reading(db) as conn:
        frame = pd.read_sql_query(
            f"""SELECT d.{by} AS grp, i.indicator, i.value, i.unit, coalesce(i.period, CAST(d.year AS TEXT))
                       AS period, coalesce(d.title, d.source) AS document, d.id AS doc_id,
                       i.sentence_idx, i.start, i."end", s.text AS sentence
                FROM indicators i JOIN documents d ON d.id = i.doc_id
                LEFT JOIN sentences s ON s.doc_id = i.doc_id AND s.idx = i.sentence_idx
                {'WHERE i.indicator = :indicator' if indicator else ''}
                ORDER BY i.indicator, d.{by}, period, d.id, i.start""", conn,
            params={"indicator": indicator} if indicator else {})
    key = frame["grp"].map(lambda v: _words(v) if isinstance(v, str) and v.strip() else "")
    names = frame.groupby(key)["grp"].agg(lambda v: _spelling(v.dropna()) if v.notna().any() else None)
    frame[by] = key.map(names).fillna(UNKNOWN)
    values = frame.groupby([by, "indicator", "unit", "period"], dropna=False)["value"].transform("nunique")
    frame["conflict"] = values > 1
    return frame.drop(columns="grp")[[by, "indicator", "period", "value", "unit", "conflict", "document",
                                       "doc_id", "sentence_idx", "start", "end", "sentence"]]
