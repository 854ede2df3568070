"""Every threshold of the pipeline in one typed object, as trafilatura keeps its options.

`SETTINGS` is what the stages read. `load(path)` overrides fields from a YAML file (the
`settings:` section of params.yaml) and `use()` makes that what every stage reads
(`baocao --settings params.yaml ...`, or BAOCAO_SETTINGS), so an experiment changes numbers,
not code.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    # furniture (pipeline/furniture.py)
    wrapped_min_chars: int = 40  # a line this long that ends no sentence may have been wrapped (clean.unwrap)
    signature_max_lines: int = 3  # more short capitalised lines than this after the last paragraph: a list
    infobox_min_rows: int = 4  # an encyclopedia infobox: a table of this many rows before the first paragraph
    infobox_keyed_share: float = 0.6  # ... most of them (this share) 'key | value' pairs
    official_signature_lines: int = 5  # an official document's signature block (office, post, name) at most
    question_title_words: int = 25  # a question opening a text with nothing before it: its headline, this short
    title_lines: int = 4  # an official document's title under its type line spans at most this many lines
    placed_furniture: tuple[str, ...] = ("letterhead", "dateline", "infobox")  # dropped, yet they say where
    list_min_lines: int = 3  # this many lines in a row opening with the same two words: a list, no captions
    caption_max_words: int = 30  # a photo caption on its own line, or run into a paragraph
    caption_opened_max_words: int = 50  # one opening like a caption ('Toàn cảnh ...', 'Các đại biểu ...')
    caption_action_words: int = 20  # a caption recognised only by what it shows is shorter
    caption_inline_words: int = 12  # a caption run into a paragraph, known by how it opens, is this short
    credit_max_words: int = 8  # 'Ảnh: Thống Nhất/TTXVN' and the like
    related_box_from: float = 0.6  # a 'Tin liên quan' line this far down starts the related-links box
    headline_share: float = 0.6  # a cut title and a head line meet when the shorter is this much of the longer
    # metadata (pipeline/metadata.py)
    site_utc_offset: int = 7  # hours: the sites' time zone, to read a crawl time and a relative stamp ('4 giờ trước')
    dateline_max_chars: int = 160
    # input limits (pipeline/readers.py, clean.py, encodings.py): past them a document is skipped, one line
    max_file_bytes: int = 50 * 2**20
    max_chars: int = 2_000_000
    min_ascii_share: float = 0.3  # of a sample neither UTF-8 nor binary: below it, no legacy text either
    max_control_share: float = 0.01  # more control bytes or characters than this: a binary file
    utf16_zero_share: float = 0.2  # NULs in every other byte at least this often (and 1/10 of it in the others): UTF-16
    # segmentation (pipeline/segment.py)
    elided_reach: int = 400  # a bare number counts what a count this many characters back counts ('Trong đó, A: 2.405')
    teaser_min_words: int = 12  # a cut-off line ('...') this long opening a page is a crawler's summary
    caps_heading_share: float = 0.6  # a short line with more capitals than this is a heading
    # entities (pipeline/entities/)
    task_max_syllables: int = 20  # a body named by its task ('Ban Chỉ đạo ... về <task>'): the task is at most this long
    pointed_reach: int = 500  # 'Nghị quyết này' joins a document of its type cited at most this many characters before
    task_item_syllables: int = 4  # a comma goes on with the task after an item this short ('phòng, chống')
    # the sentence classifier (pipeline/passage_model.py, training.py)
    heading_confidence: float = 0.99  # a section heading is 'other' (the gold convention), this sure
    classifier_c: float = 0.5  # inverse regularisation strength (chosen by grouped cross-validation)
    team_weight: float = 1.0  # weight of a team-written training sentence against a real one
    stack_c: float = 1.0  # of the second step over a sentence's and its neighbours' scores (0.1 and 1 alike)
    # the store (pipeline/analyze.py, store.py)
    commit_seconds: float = 1.0  # how often `run` commits: a crash loses at most this much work
    batch_records: int = 100  # a crawl dump with more records is analysed and stored in batches this size
    batch_min_bytes: int = 256 * 2**10  # ... when it is at least this large (smaller ones go whole)
    busy_seconds: float = 10.0  # how long a reader or writer waits for a lock before saying so
    # queries (pipeline/query.py, serve.py)
    max_limit: int = 10_000  # rows one search may return
    rank_window: int = 2_000  # matches past which a search is unranked (and says so): bm25 costs ~20 µs a match
    max_query_words: int = 64  # a search's cost grows with its words
    max_query_chars: int = 1000  # characters of a search or a reference (CLI, API, Datasette's SQL functions)
    # output (pipeline/cli.py, report.py)
    table_min_width: int = 120  # narrower (or not a terminal): one record per block, nothing cut
    progress_seconds: float = 5.0  # off a terminal, a progress line this often
    report_max_groups: int = 40  # plots show the groups with most documents; the table shows all
    report_max_refs: int = 15
    report_max_series: int = 8  # lines in one time-series panel: the groups with most values
    # compare (pipeline/query.py, cli.py): the indicators shown in its printed table; CSV/JSON have all
    compare_indicators: tuple[str, ...] = ("members_total", "members_admitted", "grassroots_orgs")
    # indicators (pipeline/indicators.py): how far from a number its clause's cue may stand
    indicator_before: int = 120  # characters before the number ('đã kỷ luật ... 5 đảng viên')
    indicator_after: int = 80  # characters after it ('5 đảng viên ... bị kỷ luật')


SETTINGS = Settings()
DEFAULTS = Settings()


def load(path: Path) -> Settings:
    """Settings with the fields named in `path` (YAML, section `settings:`) overridden.
    Raises ValueError, in one line, for an unreadable file, an unknown name or a wrong type."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: cannot read settings ({str(error).splitlines()[0]})") from None
    data = (data.get("settings") if isinstance(data, dict) else None) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: 'settings:' must map names to values")
    changes = {}
    for name, value in data.items():
        if not hasattr(DEFAULTS, name):
            raise ValueError(f"{path}: unknown setting {name!r}")
        default = getattr(DEFAULTS, name)
        if isinstance(default, tuple) and isinstance(value, list):
            value = tuple(value)
        elif isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not type(default):
            raise ValueError(f"{path}: setting {name!r} must be a {type(default).__name__}, not {value!r}")
        changes[name] = value
    return replace(SETTINGS, **changes)


def use(settings: Settings | dict) -> None:
    """Make these the settings every stage reads, in this process (`baocao --settings FILE`;
    worker processes get `overrides()` when they start). The one place SETTINGS changes."""
    values = settings if isinstance(settings, dict) else {f.name: getattr(settings, f.name) for f in fields(Settings)}
    for name, value in values.items():
        object.__setattr__(SETTINGS, name, value)


def overrides() -> dict:
    """The settings that differ from the defaults: what a worker process must be told."""
    return {f.name: getattr(SETTINGS, f.name) for f in fields(Settings)
            if getattr(SETTINGS, f.name) != getattr(DEFAULTS, f.name)}
