"""Segment stage: blocks -> sentences -> words, every piece with its offsets into the text.

Vietnamese writes one syllable per space, so words ('Ban Thường vụ', 'đảng viên') must be
found by a model. We use underthesea's CRF word segmenter, but drive it ourselves instead of
calling `word_tokenize`: that function rewrites tokens ('hoà' -> 'hòa'), which loses the
offsets, and its `fixed_words` option rebinds a module-level regex that leaks into every later
call. Here the syllables come from underthesea's own token patterns (with document codes such
as '15 -NQ/TU' and our abbreviations first) found by `re.finditer` on `fold(text)`, so the CRF
sees the spelling it was trained on while every token keeps its place in the original text.
A few conventions the CRF gets wrong follow as rules, then the domain lexicon
(data/lexicon.txt) forces its terms to be whole words.

Sentences come from a small rule-based splitter (data/abbreviations.txt for the dots that do
not end a sentence). underthesea's `sent_tokenize` returns strings without offsets, splits
after 'PGS.TS.' and list numbers ('1.'), breaks quotations, and keeps 'v.v… Qua' together;
tests/test_segment.py measures both on the same table.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import cache, lru_cache
from pathlib import Path

from pipeline import resources
from pipeline.crf_features import features
from pipeline.fold import fold, fold_all
from pipeline.model import Document, Paragraph, Sentence
from pipeline.settings import SETTINGS


class SegmentError(ValueError):
    """The text cannot be segmented (not a string, not NFC); the message is one line."""


def _data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file."""
    return resources.lines(name)


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(_data_lines("abbreviations.txt"))


# ---------------------------------------------------------------- sentences

# Terminal punctuation with any closing quotes or brackets right after it.
_TERMINAL = re.compile(r"(?:\.{2,}|…|[.!?])+[”\"’'»)\]]*")
_OPENERS = "“\"‘'«([-–—•"
# A list marker alone before a dot: '1.', '2.1.', 'IV.', 'a.'.
_MARKER_DOT = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[a-zđ])\.")
_CLAUSE = re.compile(r"[:;]")
# A lettered item 'b) ' starts a sentence although it is lower case.
_LETTER_ITEM = re.compile(r"[a-zđ]\)\s")


def _ends_sentence(line: str, sent_start: int, match: re.Match) -> bool:
    """Whether the terminal punctuation in `match` ends the sentence begun at `sent_start`."""
    punct_end = match.end()
    nxt = punct_end
    while nxt < len(line) and line[nxt].isspace():
        nxt += 1
    if nxt >= len(line):
        return False  # the line ends anyway
    spaced = nxt > punct_end
    first = nxt
    while first < len(line) - 1 and line[first] in _OPENERS:
        first += 1
    char = line[first]
    item = bool(_LETTER_ITEM.match(line, first))
    if char.islower() and not item:
        return False  # '... và', 'v.v. và', 'TP.hcm': the sentence goes on
    if _in_quotation(line, punct_end):
        return False  # 'nhấn mạnh: “Phải làm. Không được ...”' is one sentence
    punct = match.group().rstrip("”\"’'»)]")
    dot = punct.endswith(".") and not punct.endswith("..")
    before = line[max(sent_start, match.start() - 200) : match.start()].split()  # bounded: linear time
    word = before[-1].lstrip(_OPENERS) if before else ""
    if dot and _is_abbreviation(word):
        return False
    if not spaced:
        # 'Thành ủy.Việc ...' (a missing space) ends a sentence; 'Q.LAM', 'TP.HCM', '4.164' do not.
        return (
            dot
            and word[-1:].islower()
            and char.isupper()
            and line[first + 1 : first + 2].islower()
        )
    if dot and _MARKER_DOT.fullmatch(_CLAUSE.split(line[max(sent_start, match.end() - 200) : match.end()])[-1].strip()):
        return False  # '1. Kết quả', 'II. NHIỆM VỤ', 'giải pháp: 1. Tăng': a numbered item, not a sentence
    return char.isupper() or char.isdigit() or item or line[nxt] in _OPENERS


def _in_quotation(line: str, pos: int) -> bool:
    """Whether `pos` lies inside a quotation that closes later on the line."""
    opening, closing, straight = _quote_marks(line)
    if bisect_left(opening, pos) > bisect_left(closing, pos) and closing and closing[-1] >= pos:
        return True
    return bisect_left(straight, pos) % 2 == 1 and bool(straight) and straight[-1] >= pos


@lru_cache(maxsize=8)
def _quote_marks(line: str) -> tuple[list[int], list[int], list[int]]:
    """Offsets of '“', '”' and '"' in a line, found once per line: counting them again at each
    full stop took time quadratic in the line's length (minutes for a 1 MB one-line file)."""
    return tuple(_offsets(line, mark) for mark in '“”"')  # type: ignore[return-value]


def _offsets(line: str, mark: str) -> list[int]:
    found, at = [], line.find(mark)
    while at != -1:
        found.append(at)
        at = line.find(mark, at + 1)
    return found


def _is_abbreviation(word: str) -> bool:
    """'TP', 'PGS.TS', 'Q' (an initial): a dot after it does not end a sentence."""
    if len(word) == 1 and word.isupper():
        return True
    abbreviations = _abbreviations()
    return word + "." in abbreviations or word.rsplit(".", 1)[-1] + "." in abbreviations


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets in `text`, stripped of spaces; a sentence never crosses a newline."""
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        start = 0
        for match in _TERMINAL.finditer(line):
            if _ends_sentence(line, start, match):
                _add_span(spans, line, line_start, start, match.end())
                start = match.end()
        _add_span(spans, line, line_start, start, len(line))
        line_start += len(line) + 1
    return spans


def _add_span(spans: list[tuple[int, int]], line: str, offset: int, start: int, end: int) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if stripped:
        left = start + len(piece) - len(piece.lstrip())
        spans.append((offset + left, offset + left + len(stripped)))


# ---------------------------------------------------------------- headings

_FINAL_PUNCT = ".!?…;,"
_NUMBERED = re.compile(
    r"(?:[IVXLC]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđA-Z])[.)/]\s"
    r"|(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười) là\s?[:,.]"
    r"|Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s?[:,.]",
    re.IGNORECASE,
)


def is_heading(block: str) -> bool:
    """A block that looks like a section heading: short, no final punctuation, and upper case,
    numbered ('I.', '1.', 'a)', 'Một là:') or a short capitalised line."""
    block = block.strip()
    words = block.split()
    if not words or len(words) > 25 or block[-1] in _FINAL_PUNCT or block[0] in "(“\"'":
        return False
    letters = [c for c in block if c.isalpha()]
    upper = sum(c.isupper() for c in letters) > SETTINGS.caps_heading_share * len(letters)
    numbered = bool(_NUMBERED.match(block))
    if block[-1] == ":":
        return upper or numbered
    return upper or numbered or (len(words) <= 12 and block[0].isupper())


# ---------------------------------------------------------------- words

# Party and state document codes: '15-NQ/TU', '15 -NQ/TU', '01-CTr/QU', '43-HD/BTCTW',
# '60/2003/NĐ-CP', '42/2006/NQ-HĐND', '123/QĐ-UBND'. At least two code parts, so '2/9' and
# '5-10' stay numbers.
_SYMBOL = r"[A-ZĐ][A-Za-zĐđ]{0,9}"
_CODE = (
    rf"(?P<code>\d+[a-z]?(?:/\d{{4}})?(?:[\ ]?-[\ ]?|/){_SYMBOL}(?:[-/]{_SYMBOL})+(?![\w/-]))"
)


# A word of letters only followed by a space or the end, tried first: every pattern below matches
# it whole or not at all (each needs a digit, or punctuation such as '.', '/', '&', '@', '-'),
# except underthesea's 'Th.S' and 'Th.s', whose '.' is any character ('ThaS...', 'Th Sơn'), left
# to them. Most tokens are such words, and trying a dozen patterns at each took the time.
_PLAIN = r"(?P<plain>(?!Th.[Ss])[^\W\d_]+(?=\s|$))"


@cache
def _token_pattern(shortcuts: bool = True) -> re.Pattern:
    """Document codes, our abbreviations, then underthesea's syllable patterns, in that order.
    `shortcuts`: skip spaces and find plain words first (_PLAIN): the same tokens, sooner."""
    from underthesea.pipeline.word_tokenize.regex_tokenize import regex_patterns

    abbreviations = sorted(_abbreviations(), key=len, reverse=True)
    abbrev = r"(?P<ourabbr>(?<!\w)(?:" + "|".join(map(re.escape, abbreviations)) + r")(?!\w))"
    if not shortcuts:
        return re.compile("|".join([_CODE, abbrev, *regex_patterns]), re.VERBOSE | re.UNICODE)
    # no token starts with a space: (?=\S) passes over one without trying every pattern there
    return re.compile(r"(?=\S)(?:" + "|".join([_PLAIN, _CODE, abbrev, *regex_patterns]) + ")",
                      re.VERBOSE | re.UNICODE)


@cache
def _model():
    """underthesea's bundled CRF word segmenter, loaded once per process, with what we use beside it:
    its dictionary in fold() spelling, and the map from fold() spelling back to the spelling the
    model was trained on.

    The training data (VLSP 2013) writes 'hoá', 'uỷ', 'khoẻ', and the model splits 'hóa chất' or
    'khỏe mạnh' that it joins as 'hoá chất', 'khoẻ mạnh'; underthesea's own token normalization
    goes the other way. Inverting its table's tone-placement pairs gives the model's spelling.
    """
    import joblib
    from underthesea.pipeline import word_tokenize as ws
    from underthesea.pipeline.text_normalize.text_normalizer import token_map
    from underthesea_core import CRFTagger

    base = Path(ws.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
    tagger = CRFTagger()
    tagger.load(str(base / "models.bin"))
    dictionary = frozenset(joblib.load(base / "dictionary.bin"))
    spelling = {new: old for old, new in token_map.items() if old != new and fold(old) == new}
    return tagger, dictionary, frozenset(fold_all(dictionary)), spelling


@cache
def _lexicon() -> tuple[frozenset[tuple[str, ...]], frozenset[str], int]:
    """Lexicon terms as tuples of folded lower-case syllables, their first syllables, the longest size."""
    pattern = _token_pattern()
    terms = frozenset(
        tuple(m.group() for m in pattern.finditer(fold(term).lower())) for term in _data_lines("lexicon.txt")
    )
    return terms, frozenset(term[0] for term in terms), max(map(len, terms), default=0)


# After these a capital may be only the start of a sentence or quotation.
_CLAUSE_OPENERS = frozenset(_OPENERS + ":.!?…")


def _is_title(token: str) -> bool:
    """'Hải', 'Quận': a capitalised syllable ('UBND' is not)."""
    return token.istitle() and token.isalpha()


def _ranges(starts: list[bool]) -> list[tuple[int, int]]:
    """Token index ranges [i, j) of the words, from the flags 'a word starts at this token'."""
    heads = [i for i, start in enumerate(starts) if start] + [len(starts)]
    return list(zip(heads, heads[1:]))


def _starts(tokens: list[str], codes: list[bool], lexicon: bool) -> list[bool]:
    """For each (fold()-ed) token, whether a word starts there: the CRF's answer, then our conventions.

    Each convention is measured on UD Vietnamese VTB (scripts/eval_segmentation.py):
    - a document code is a word of its own;
    - a capital after a lower-case syllable starts a word ('vợ | Thọ', 'cấp ủy | Đảng');
    - a joined word the dictionary does not know, unless every syllable is capitalised (a name),
      is split again by backward maximum matching on the dictionary ('Kim cùng', 'không trung thực');
    - a capitalised syllable left alone joins the capitalised word beside it ('Nguyễn Văn' + 'An'),
      except at the start of a sentence, where the capital is only the sentence's;
    - lexicon terms are whole words.
    """
    tagger, model_dictionary, dictionary, spelling = _model()
    lower = [token.lower() for token in tokens]
    tags = tagger.tag(features([spelling.get(t, t) for t in tokens], model_dictionary))
    starts = [
        i == 0 or tag != "I-W" or codes[i] or codes[i - 1] or (tokens[i - 1][0].islower() and _is_title(tokens[i]))
        for i, tag in enumerate(tags)
    ]
    for i, j in _ranges(starts):
        if j - i > 1 and " ".join(lower[i:j]) not in dictionary and not all(map(_is_title, tokens[i:j])):
            _max_match(lower, i, j, dictionary, starts)
    words = _ranges(starts)
    for (i, j), (_, k) in zip(words, words[1:]):
        if (
            i > 0
            and 1 in (j - i, k - j)
            and tokens[i - 1][-1] not in _CLAUSE_OPENERS
            and all(map(_is_title, tokens[i:k]))
        ):
            starts[j] = False
    if lexicon:
        _apply_lexicon(lower, starts)
    return starts


def _max_match(lower: list[str], i: int, j: int, dictionary: frozenset[str], starts: list[bool]) -> None:
    """Re-split tokens [i, j) into the longest dictionary words, matching from the end."""
    end = j
    while end > i:
        begin = next((b for b in range(i, end - 1) if " ".join(lower[b:end]) in dictionary), end - 1)
        starts[begin] = True
        starts[begin + 1 : end] = [False] * (end - begin - 1)
        end = begin


def _apply_lexicon(lower: list[str], starts: list[bool]) -> None:
    """Make every lexicon term one word; where terms overlap the longer wins."""
    terms, firsts, longest = _lexicon()
    found = []
    for i, token in enumerate(lower):
        if token in firsts:
            size = next((n for n in range(min(longest, len(lower) - i), 1, -1) if tuple(lower[i : i + n]) in terms), 0)
            if size:
                found.append((i, i + size))
    taken = [False] * len(lower)
    for i, j in sorted(found, key=lambda span: (span[0] - span[1], span[0])):
        if not any(taken[i:j]):
            taken[i:j] = [True] * (j - i)
            starts[i : j + 1] = [True] + [False] * (j - i - 1) + [True] * (j < len(starts))


def word_spans(text: str, start: int = 0, end: int | None = None, *, lexicon: bool = True,
               folded: str | None = None) -> list[tuple[int, int]]:
    """Word (start, end) offsets in `text` for text[start:end], best one sentence at a time.

    `lexicon=False` leaves out data/lexicon.txt (for comparing with general-purpose segmenters).
    `folded`: fold(text), when the caller has it (segment() folds a document once): no folding
    rule reaches across the spaces or punctuation around a sentence, so its slice is the sentence's fold.
    """
    end = len(text) if end is None else end
    piece = fold(text[start:end]) if folded is None else folded[start:end]
    matches = list(_token_pattern().finditer(piece))
    if not matches:
        return []
    starts = _starts([m.group() for m in matches], [m.lastgroup == "code" for m in matches], lexicon)
    return [(start + matches[i].start(), start + matches[j - 1].end()) for i, j in _ranges(starts)]


def segment_line(line: str, *, lexicon: bool = True) -> str:
    """One line in VLSP style: syllables of a word joined by '_', words separated by a space."""
    words = (line[a:b] for s, e in split_sentences(line) for a, b in word_spans(line, s, e, lexicon=lexicon))
    return " ".join(re.sub(r"\s+", "_", word) for word in words)


# ---------------------------------------------------------------- documents


def segment(doc: Document) -> Document:
    """Fill `doc.paragraphs` (one per block) and `doc.sentences` (with words); returns `doc`."""
    text = doc.text
    if not isinstance(text, str):
        raise SegmentError(f"document text is {type(text).__name__}, not str")
    if not unicodedata.is_normalized("NFC", text):
        raise SegmentError("document text is not NFC-normalised; clean it first")
    doc.paragraphs, doc.sentences = [], []
    folded = fold(text)
    sentences = iter(split_sentences(text))
    sentence = next(sentences, None)
    offset = 0
    for line in text.split("\n"):
        line_end = offset + len(line)
        stripped = line.strip()
        if stripped:
            left = offset + len(line) - len(line.lstrip())
            index = len(doc.paragraphs)
            doc.paragraphs.append(Paragraph(left, left + len(stripped)))
            heading = is_heading(stripped)
            while sentence is not None and sentence[1] <= line_end:
                start, end = sentence
                spans = word_spans(text, start, end, folded=folded)
                doc.sentences.append(
                    Sentence(
                        text=text[start:end],
                        start=start,
                        end=end,
                        tokens=[text[a:b] for a, b in spans],
                        token_offsets=spans,
                        paragraph=index,
                        heading=heading,
                    )
                )
                sentence = next(sentences, None)
        offset = line_end + 1
    return doc
