"""Read input files into raw documents: bytes decoded, markup turned into text blocks.

Each format has one reader; all of them yield `RawDocument`s whose `body` is text
with one block (paragraph, heading, list item, table row) per line. Cleaning the
text (entities, mojibake, page furniture) is the clean stage's work, not theirs.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # bs4 is imported where HTML is read: a plain-text run does not load it
    from bs4 import BeautifulSoup, PageElement, Tag

from pipeline import dates
from pipeline.encodings import DecodeError, decode
from pipeline.settings import SETTINGS

SUFFIXES = {
    ".txt": "txt", ".text": "txt", ".ws": "ws",
    ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html",
    ".json": "json", ".jsonl": "jsonl",
    ".csv": "csv", ".tsv": "csv",
}

# Crawl record fields, most specific first (see ../shared/corpus/hungyen-crawl for the real shapes).
TEXT_FIELDS = ("content", "raw_content", "cleaned_content", "article_text", "content.text", "content_text",
               "html", "text", "body", "article", "body_text")
LEAD_FIELDS = ("intro", "summary", "sapo", "lead", "description")  # a lead paragraph kept apart from the body
TITLE_FIELDS = ("title", "name", "headline")
DATE_FIELDS = ("publish_date", "published_date", "published_time", "publish_time", "published_at",
               "published", "pubdate", "date_published", "datePublished", "date", "time", "created_at")
URL_FIELDS = ("url", "source_id", "link", "canonical_url")
CRAWL_FIELDS = ("crawled_at", "crawl_time", "scraped_at", "fetched_at", "updated_at", "timestamp")
META_FIELDS = ("meta_data", "metadata", "meta")

DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
             "iframe", "svg", "button", "select", "template")
BLOCK_TAGS = ("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
              "li", "tr", "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "figure")
MAIN_SELECTORS = ("article", "[itemprop=articleBody]", ".detail-content", ".article-content",
                  ".content-detail", ".article-body", ".post-content", ".entry-content", "main")
DATE_META = ("article:published_time", "og:published_time", "pubdate", "publishdate",
             "date", "dc.date", "dc.date.issued", "article:modified_time")
CAPTION = "\ue000"  # private-use mark (not whitespace) on a line that was a <figcaption>
CELL = "\ue001"  # private-use mark between the cells of a table row (clean lays them out, one a paragraph)
BLOCKS = frozenset(BLOCK_TAGS + ("figcaption",))


class BadInput(ValueError):
    """A file or record that cannot be analysed; the message is one line for the user."""


@dataclass
class RawDocument:
    source: str
    raw: bytes  # what the document id hashes
    body: str
    format: str
    encoding: str = "utf-8"
    title: str | None = None
    date: str | None = None  # as written by the source; the clean stage parses it
    url: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)


def path_name(path: Path | str) -> str:
    """A path as text that can be stored and printed: bytes that are not UTF-8 in a file name
    ('bad\\xff.txt') are written as escapes instead of failing every later step."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def iter_files(inputs: list[Path], skip: Path | None = None) -> Iterator[Path]:
    """Files under the inputs, recursively, in a stable order. Inside a folder, hidden files,
    files of a format no reader takes (corpus.db, images) and everything under `skip` (the output
    folder of the run) are passed over silently; a file named on its own is always yielded, and
    so is a folder that cannot be read, for `load` to report."""
    skip = skip.resolve() if skip is not None else None
    for path in inputs:
        if not path.is_dir():
            yield path
            continue
        unreadable: list[Path] = []
        found: list[Path] = []
        for folder, folders, files in os.walk(path, onerror=lambda error: unreadable.append(Path(error.filename))):
            here = Path(folder)
            folders[:] = sorted(f for f in folders if not f.startswith(".")
                                and not (skip is not None and (here / f).resolve().is_relative_to(skip)))
            found += [here / f for f in files if not f.startswith(".") and Path(f).suffix.lower() in SUFFIXES]
        yield from sorted(found + unreadable)


def read(path: Path) -> Iterator[RawDocument]:
    """Raw documents of one file (several for a crawl dump). Raises BadInput."""
    yield from parse(load(path), path)


def load(path: Path) -> bytes:
    """The bytes of an input file we can read. Raises BadInput.

    Separate from `parse` so that `baocao run` reads a file once, hashes those bytes and
    sends them to a worker process or a Dask worker, which need not see the file system."""
    if path.is_dir():
        raise BadInput("cannot read folder: permission denied")
    _kind(path)
    try:
        if not path.is_file():
            raise BadInput("not a regular file" if path.exists() else "cannot read file: no such file")
        size = path.stat().st_size
        if size > SETTINGS.max_file_bytes:
            raise BadInput(f"file too large ({size / 2**20:.1f} MB > {SETTINGS.max_file_bytes / 2**20:.0f} MB)")
        return path.read_bytes()
    except OSError as error:
        raise BadInput(f"cannot read file: {error.strerror or error}") from None


def parse(data: bytes, path: Path | str) -> Iterator[RawDocument]:
    """Raw documents of a file's bytes; `path` gives the format (by suffix) and the source. Raises BadInput."""
    path = Path(path)
    kind = _kind(path)
    try:
        text, encoding = decode(data)
    except DecodeError as error:
        raise BadInput(str(error)) from None
    source = path_name(path)
    if kind in ("json", "jsonl", "csv"):
        yield from _records(text, source, kind, encoding)
    elif kind == "html":
        yield from_html(text, source, data, encoding)
    elif kind == "md":
        yield from_markdown(text, source, data, encoding)
    elif kind == "ws":
        yield RawDocument(source, data, unsegment(text), "ws", encoding)
    else:
        yield RawDocument(source, data, text, "txt", encoding)


def _kind(path: Path) -> str:
    """The reader a file's suffix asks for. Raises BadInput for any other file."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise BadInput(f"unsupported file type '{path.suffix or path.name}'")
    return kind


def from_html(html: str, source: str, raw: bytes, encoding: str = "utf-8", fmt: str = "html") -> RawDocument:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    title = _meta(soup, "og:title") or (soup.title.get_text(" ", strip=True) if soup.title else None)
    date = next((d for d in (_meta(soup, name) for name in DATE_META) if d), None)
    if date is None and (time := soup.find("time")) is not None:
        date = time.get("datetime") or time.get_text(" ", strip=True)
    heading = soup.find("h1")
    if heading is not None and heading.get_text(strip=True):
        title = heading.get_text(" ", strip=True)
    hints = {"upload_date": upload} if (upload := _upload_date(soup)) else {}
    body = html_blocks(soup)
    return RawDocument(source, raw, body, fmt, encoding, title=title or None, date=date, hints=hints)


_UPLOAD_PATH = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])/")


def _upload_date(soup: BeautifulSoup) -> str | None:
    """The date in the path of the page's images ('/data/images/0/2025/01/15/anh1.jpg'): news
    CMSs file an upload under its day, and a page is published once its newest photo is in, so
    the latest such day dates a page that prints no date of its own (an old logo or a reused
    photo is earlier). As 'YYYY-MM-DD'; the clean stage uses it last of all."""
    found = sorted(f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
                   for img in soup.find_all("img") if (m := _UPLOAD_PATH.search(str(img.get("src") or ""))))
    return found[-1] if found else None


def html_blocks(soup: BeautifulSoup) -> str:
    """The main text of a page, one block per line; navigation, scripts and styles dropped.

    One walk over the tree with an explicit stack, not bs4's `append` and CSS `select`:
    those cost time in proportion to the depth of the tree, which made a deeply nested page
    take minutes, and recursion would overflow the stack."""
    from bs4 import CData, NavigableString

    for tag in soup.find_all(DROP_TAGS):
        if not tag.decomposed:  # a form inside a nav went with the nav
            tag.decompose()
    root = next((found for selector in MAIN_SELECTORS if (found := _select(soup, selector))), None)
    root = root or soup.body or soup
    parts: list[str] = []
    stack: list[PageElement | str] = list(reversed(root.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            parts.append(node)  # the end of a block
        elif isinstance(node, NavigableString):
            if type(node) in (NavigableString, CData):  # what get_text() keeps: not comments, doctypes
                parts.append(node)
        elif node.name == "br":
            parts.append("\n")
        elif node.name in ("table", "figure") and node.find("img") and len(node.get_text(" ").split()) <= 60:
            parts.append(f"\n{CAPTION}{node.get_text(' ', strip=True)}\n")  # a photo with its caption
        elif node.name == "tr":
            cells = (cell.get_text(" ", strip=True) for cell in node.find_all(("td", "th")))
            parts.append(f"\n{CELL.join(cells)}\n")
        else:
            if node.name in BLOCKS:
                parts.append("\n" + (CAPTION if node.name == "figcaption" else ""))
                stack.append("\n")
            stack.extend(reversed(node.contents))
    lines = (" ".join(line.split()).strip(" |") for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _select(soup: BeautifulSoup, selector: str) -> Tag | None:
    """The first element matching a simple selector: 'tag', '.class' or '[attribute=value]'."""
    if selector.startswith("."):
        return soup.find(class_=selector[1:])
    if selector.startswith("["):
        name, _, value = selector.strip("[]").partition("=")
        return soup.find(attrs={name: value})
    return soup.find(selector)


def from_markdown(text: str, source: str, raw: bytes, encoding: str = "utf-8") -> RawDocument:
    """Markdown: front matter read, then rendered to HTML so one code path strips markup."""
    import frontmatter
    from markdown_it import MarkdownIt

    try:
        post = frontmatter.loads(text)
        meta, content = post.metadata, post.content
    except Exception:  # malformed front matter: keep the text, lose the metadata
        meta, content = {}, text
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(content)
    document = from_html(f"<html><body>{html}</body></html>", source, raw, encoding, fmt="md")
    document.title = _string(meta.get("title")) or document.title
    document.date = _string(meta.get("date")) or document.date
    document.hints["front_matter"] = {k: _string(v) for k, v in meta.items()}
    return document


def unsegment(text: str) -> str:
    """Word-segmented text ('Ban_Thường_vụ , đảng_viên', '12-CT / TW') back to plain text."""
    text = text.replace("_", " ").replace(" / ", "/")
    text = re.sub(r" ([,.;:!?%)\]}”’…])", r"\1", text)
    return re.sub(r"([(\[{“‘]) ", r"\1", text)


def count(path: Path) -> int:
    """How many documents (records of a crawl dump; else 1) `baocao run` will report for a file,
    for its progress bar; a file that cannot be read counts 1 (its one line)."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind not in ("json", "jsonl", "csv"):
        return 1
    try:
        return len(_items(decode(load(path))[0], kind))
    except (BadInput, DecodeError):
        return 1


def _records(text: str, source: str, kind: str, encoding: str) -> Iterator[RawDocument]:
    for index, item in enumerate(_items(text, kind)):
        yield _record(item, f"{source}#{index}", encoding)


def _items(text: str, kind: str) -> list[Any]:
    """The records of a crawl dump's text, each a dict, or a BadInput for a line that is not JSON."""
    if kind == "csv":
        items = _csv_rows(text)
    elif kind == "jsonl":
        items: list[Any] = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as error:
                    items.append(BadInput(f"line {number}: invalid JSON ({error.msg})"))
                except RecursionError:
                    items.append(BadInput(f"line {number}: invalid JSON (nested too deeply)"))
                except ValueError as error:  # an integer of thousands of digits
                    items.append(BadInput(f"line {number}: invalid JSON ({str(error).split(':')[0]})"))
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise BadInput(f"invalid JSON ({error.msg} at line {error.lineno})") from None
        except RecursionError:
            raise BadInput("invalid JSON (nested too deeply)") from None
        except ValueError as error:  # an integer of thousands of digits
            raise BadInput(f"invalid JSON ({str(error).split(':')[0]})") from None
        items = _record_list(data)
    if not items:
        raise BadInput("no records")
    return items


def _csv_rows(text: str) -> list[Any]:
    """Rows of a CSV export (a header line, then one record per row; ',', '|', ';' or tab)."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(",|;\t", key=header.count)
    csv.field_size_limit(SETTINGS.max_file_bytes)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise BadInput(f"invalid CSV ({error})") from None
    if not rows or not reader.fieldnames:
        raise BadInput("CSV holds no records")
    last = reader.fieldnames[-1]
    for row in rows:  # an unquoted delimiter inside the last field splits it: join it back
        if None in row:
            row[last] = delimiter.join([row[last] or "", *row.pop(None)])
    return rows


def _record_list(data: Any) -> list[Any]:
    """A list of records, an object holding one list of records, or a single record."""
    if isinstance(data, list):
        if not data:
            raise BadInput("no records (an empty list)")
        return data
    if isinstance(data, dict):
        if any(key in data for key in TEXT_FIELDS):
            return [data]
        lists = [value for value in data.values() if isinstance(value, list) and value
                 and isinstance(value[0], dict)]
        if len(lists) == 1:
            return lists[0]
    raise BadInput("JSON holds no crawl records (expected a record, a list of records, "
                   "or an object holding one list of records)")


def _record(item: Any, source: str, encoding: str) -> RawDocument:
    if isinstance(item, BadInput):
        return RawDocument(source, b"", "", "json", encoding, hints={"error": str(item)})
    if not isinstance(item, dict):
        return RawDocument(source, b"", "", "json", encoding, hints={"error": "record is not an object"})
    try:
        raw = json.dumps(item, ensure_ascii=False, sort_keys=True, default=str).encode()
    except (UnicodeEncodeError, ValueError):  # a lone surrogate ('\ud800'), a huge number
        return RawDocument(source, b"", "", "json", encoding, hints={"error": "record holds text that is not Unicode"})
    meta = _record_meta(item)
    body = _first(_texts(item), TEXT_FIELDS, join="\n") or ""
    lead = _first(_texts(item), LEAD_FIELDS, join="\n")
    if lead and body and lead[:60] not in body:
        body = f"{lead}\n{body}"
    title = _first(item, TITLE_FIELDS) or _first(meta, TITLE_FIELDS)
    date = _first(meta, DATE_FIELDS) or _first(item, DATE_FIELDS)
    if date and dates.parse_date(date) is None:  # '4 giờ trước': counted back from when it was crawled
        date = dates.ago(date, _first(item, CRAWL_FIELDS) or _first(meta, CRAWL_FIELDS)) or date
    url = _first(item, URL_FIELDS) or _first(meta, URL_FIELDS)
    if "<" in body and _has_tags(body[:5000]):
        document = from_html(body, source, raw, encoding, fmt="json")
        document.title = title or document.title
        document.date = date or document.date
        document.url = url
        return document
    hints = {} if body else {"error": "record has no text (fields tried: " + ", ".join(TEXT_FIELDS) + ")"}
    return RawDocument(source, raw, body, "json", encoding, title=title, date=date, url=url, hints=hints)


def _texts(item: dict[str, Any]) -> dict[str, Any]:
    """The fields that can hold text: strings, and lists of strings (paragraphs)."""
    return {k: v for k, v in item.items() if isinstance(v, str)
            or (isinstance(v, list) and all(isinstance(x, str) for x in v))}


def _record_meta(item: dict[str, Any]) -> dict[str, Any]:
    """Crawlers store metadata as an object, a JSON string, or a Python repr string."""
    for key in META_FIELDS:
        value = item.get(key)
        if isinstance(value, dict):
            return value
        if isinstance(value, str) and value.strip().startswith("{"):
            for parse in (json.loads, ast.literal_eval):
                try:
                    parsed = parse(value)
                except (ValueError, SyntaxError, MemoryError, RecursionError):
                    continue
                if isinstance(parsed, dict):
                    return parsed
    return {}


def _first(mapping: dict[str, Any], keys: tuple[str, ...], join: str | None = None) -> str | None:
    return next((s for key in keys if (s := _string(mapping.get(key), join))), None)


def _string(value: Any, join: str | None = None) -> str | None:
    """A field as text. A list (crawlers store paragraphs, or a title beside a ticker, as lists)
    is joined with `join`, or gives its last non-empty string when there is nothing to join with."""
    if isinstance(value, list):
        parts = [s for v in value if (s := _string(v))]
        return (join.join(parts) if join is not None else parts[-1]) if parts else None
    if value is None or isinstance(value, dict):
        return None
    text = str(value).strip()
    return text or None


def _has_tags(text: str) -> bool:
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "lxml").find(BLOCK_TAGS + ("span", "a", "br")) is not None


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name}) \
        or soup.find("meta", attrs={"itemprop": name})
    content = tag.get("content") if tag else None
    return content.strip() if isinstance(content, str) and content.strip() else None
