"""ORG: a head noun ('Ban Thường vụ', 'UBND', 'Sở') with the name, place, number or parent body that
qualifies it ('Ban Thường vụ Quận ủy Bình Thủy', 'Chi bộ khu vực 7'), abbreviations expanded in the norm."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.entities.lexicon import _BEFORE_CENTRAL, _PLURAL, _Entry, expand
from pipeline.fold import fold
from pipeline.settings import SETTINGS

_CODE = re.compile(r"[A-ZĐ]{1,3}\d{1,4}[A-Z]?")  # 'Nhà máy Z199', 'Lữ đoàn M44'
_SCHOOL_LEVEL_ENDS = frozenset({"học", "non", "thông"})  # 'Tiểu học', 'Mầm non', 'Phổ thông' before a name
_SCOPES = frozenset({"quốc gia", "liên ngành"})  # 'Ban Chỉ đạo quốc gia ...': the name goes on to its task


@dataclass
class _Org:
    start: int  # token indexes
    end: int
    name: str
    kind: str


class _Organizations:
    """Organisations: a head noun (data/org_heads.tsv) with its name, qualifiers and nested bodies."""

    def head(self, i: int) -> tuple[int, _Entry] | None:
        t = self.t
        if i >= t.n:
            return None
        if not t.words[i][0].isupper() and not (i > 0 and t.lower[i - 1] == "trưởng" and t.spaced(i)):
            return None  # lower case is a generic noun, except after a head's title: 'Trưởng ban Tuyên
            # giáo', 'Trưởng đoàn đại biểu Quốc hội tỉnh', 'Phó Trưởng phòng Khảo thí'
        if t.lower[i] not in self.lex.heads.by_first:
            return None
        if any(stop > i for k in range(max(0, i - 2), i) for stop, _ in self.lex.not_bodies.matches(t, k)):
            return None  # 'Tây Ban Nha', 'Cộng Hòa Xã Hội Chủ Nghĩa': a name that holds a head word
        for end, entry in self.lex.heads.matches(t, i):
            if end < t.n and t.lower[end] == "viên" and t.spaced(end):
                continue  # 'Quận ủy viên' is a title
            if any(entry.exact) and self.in_code(i, end):
                continue  # 'TU' in '15-NQ/TU'
            return end, entry
        return None

    def name_words(self, i: int, bridge: bool, people: bool = False) -> tuple[int, str]:
        """The capitalised name after a generic head: 'Tổ chức', 'Kế hoạch và Đầu tư', 'THCS Nguyễn Du'.

        `bridge`: enterprise names also run over lower-case words between capitals
        ('Khí công nghiệp Việt Nam'). `people`: the body is named after a person, as schools are.
        """
        t, j, end = self.t, i, i
        while j < t.n and t.spaced(j) and (t.title_case(j) or t.upper(j) or _CODE.fullmatch(t.words[j])) \
                and not self.stops_run(j):
            named_for = people and (t.upper(j - 1) or t.lower[j - 1] in _SCHOOL_LEVEL_ENDS)  # 'THPT | Lê Văn Tám'
            if self.head(j) or (j > i and not named_for and self.person_like(j, self.run(j))):
                break  # another body, or a person's name after the body's ('Vụ Kinh tế Vũ Minh Hoàng')
            j = end = self.word_end(j) if t.title_case(j) else j + 1
            if j < t.n and t.spaced(j) and t.lower[j] in ("và", "-", "–", "&") and j + 1 < t.n:
                if t.spaced(j + 1) and t.title_case(j + 1) and not self.head(j + 1):
                    j += 1
                    continue
            joined = j
            while j < t.n and t.words[j] in ("-", "&") and self.listed(j):  # 'GD-ĐT', 'LĐ-TB&XH'
                j = end = j + 2
            if j > joined:
                continue
            if self.listed(j):  # 'Văn hóa, Thể thao và Du lịch'
                j += 1
                continue
            if bridge:
                k = j
                while k < t.n and k - j < 3 and t.spaced(k) and t.words[k].islower() and not self.name_stop(k):
                    k += 1
                if k > j and k < t.n and t.spaced(k) and t.title_case(k) and not self.stops_run(k):
                    j = k
        return end, self.surface(i, end) if end > i else ""

    def listed(self, j: int) -> bool:
        """Whether the name goes on past token j: a comma in a list of fields that ends in 'và'
        ('Bộ Văn hóa, Thể thao và Du lịch'), or a hyphen or '&' between abbreviations ('Sở GD-ĐT',
        'LĐ-TB&XH')."""
        t = self.t
        if j + 1 >= t.n or t.spaced(j) or not t.spaced(j + 1) and t.words[j] not in ("-", "&"):
            return False
        if t.words[j] in ("-", "&"):
            return t.upper(j - 1) and not t.spaced(j + 1) and t.upper(j + 1)
        if t.words[j] != ",":
            return False
        k = j + 1
        while k < t.n and k - j < 8 and t.spaced(k) and t.title_case(k) and not self.head(k):
            k = self.word_end(k)
            if k < t.n and t.words[k] == "," and not t.spaced(k):
                k += 1
            elif k + 1 < t.n and t.lower[k] == "và" and t.spaced(k + 1) and t.title_case(k + 1):
                return not self.head(k + 1)
        return False

    def bridge(self, i: int) -> int:
        """End of the lower-case words that finish a name when a place or body follows them
        ('Bồi dưỡng chính trị quận'); i when none do ('Ban Dân vận tổ chức hội nghị')."""
        t, k = self.t, i
        while k < t.n and k - i < 3 and t.spaced(k) and t.words[k].islower() and t.words[k].isalpha():
            if self.name_stop(k) or self.unit_word(k):
                break
            k += 1
        if k > i and t.spaced(k) and (self.unit_word(k) or self.head(k) or self.known_run(k)):
            return k  # 'Trung tâm Bồi dưỡng chính trị quận', 'Viện Quy hoạch xây dựng Hà Nội'
        if k > i and (self.abbreviated(k) or self.hyphened(k)):
            return k  # 'Cục Cảnh sát hình sự (C02)', 'Phòng Cảnh sát hình sự-Công an tỉnh'
        return i

    def known_run(self, k: int) -> int:
        """End of a unit's bare name the gazetteer knows at token k ('Hà Nội', 'Cần Thơ'), or of 'Việt
        Nam', else 0."""
        t = self.t
        if not (k < t.n and t.title_case(k)):
            return 0
        if k + 1 < t.n and f"{t.lower[k]} {t.lower[k + 1]}" == "việt nam":  # the country ends names too
            return k + 2
        return next((e for e in range(min(k + 4, t.n), k + 1, -1) if self.known_place(k, e)), 0)

    def abbreviated(self, j: int) -> bool:
        """An abbreviation inserted in brackets at token j: 'Ban Thường vụ (BTV) Quận ủy'."""
        t = self.t
        return (j + 2 < t.n and t.words[j] == "(" and not t.breaks[j] and t.words[j + 1].isupper()
                and t.words[j + 1].isalnum() and t.words[j + 2] == ")")

    def hyphened(self, j: int) -> bool:
        """A parent body joined by a bare hyphen at token j: '...hình sự-Bộ Công an'."""
        t = self.t
        return j + 1 < t.n and t.words[j] in ("-", "–") and t.glued[j] and t.glued[j + 1] \
            and self.head(j + 1) is not None

    def org(self, i: int, nested: bool = False) -> _Org | None:
        found = self.head(i)
        if not found:
            return None
        end, entry = found
        t, data = self.t, entry.data
        if not nested and i > 0 and t.spaced(i):
            if t.upper(i) and t.upper(i - 1) and len(t.words[i - 1]) > 1:
                return None  # 'NHIỆM VỤ THỜI GIAN TỚI', 'ĐẠI HỘI LẦN THỨ': a heading, no body
            if t.lower[i - 1] in _PLURAL:
                return None  # 'các Đảng ủy', 'những Ban đảng': generic
            if t.words[i][0].isupper() and data["needs"] != "self" and any(
                    stop == end for k in range(max(0, i - 4), i) for stop, _ in self.lex.titles.matches(t, k)):
                return None  # 'Thường trực' ends the title 'Phó Bí thư Thường trực' (then 'Quận ủy'); a
                # body complete in itself that ends one is named by it ('đại biểu Quốc hội')
        if not nested and any(stop > end for stop, _ in self.lex.titles.matches(t, i)):
            return None  # a post that opens with a body's name: 'Thường trực Ban Bí thư', 'Tỉnh ủy viên'
        if end == i + 1 and self.person_like(i, self.run(i, t.upper(i))):
            return None  # a one-word head that is a family name: 'Tiến sĩ Đoàn Minh Khang' is a person
        if end == i + 1 and 0 < i < t.n - 1 and t.spaced(i) and t.spaced(i + 1) and t.title_case(i - 1) \
                and self.family(i - 1) and t.title_case(i + 1):
            return None  # a one-word head inside a person's name: 'Trung tướng Phạm Trường Giang'
        pieces, head_end = [data["name"]], end
        if data["needs"] == "name":
            end, words = self.name_words(end, bridge=data["kind"] == "enterprise",
                                         people=data["name"].startswith("Trường"))  # 'Trường THPT Lý Chính Thắng'
            if data["name"] == "Trường" and words and len(words.split()) < 2 and not words.isupper():
                return None  # 'Trường Sa', 'Trường Sơn', 'Trường Chinh': an island, a range, a person
            bridge = self.bridge(end)  # 'Trung tâm Bồi dưỡng chính trị quận', 'Bệnh viện đa khoa tỉnh'
            named_for = None if words or data["kind"] != "other" or not t.spaced(end) else self.org(end, nested=True)
            if named_for:  # a school or paper named after a body: 'Trường Đại học Công đoàn', 'Báo Công an nhân dân'
                words, end = self.surface(end, named_for.end), named_for.end
            if not words and not (bridge > end and self.place(bridge) and t.lower[end] != "cấp"
                                  and f"{t.lower[end - 1]} {t.lower[end]}" not in self.lex.words):
                return None  # a name in lower case only before the body's level: not 'Hội nghị tỉnh'
            if words:
                pieces.append(expand(words))
            if bridge > end:
                pieces.append(self.surface(end, bridge))
                end = bridge
        kind, needs = data["kind"], data["needs"]
        inner_kind = None
        qualified = False
        last = "name" if data["needs"] == "name" else "head"  # a name takes no second name
        caps = t.upper(i)
        while end < t.n:
            j = end
            if self.abbreviated(j) and (self.org(j + 3, nested=True) or self.place(j + 3)):
                j += 3  # 'Ban Thường vụ (BTV) Quận ủy': an inserted abbreviation
            if self.hyphened(j) and (inner := self.org(j + 1, nested=True)):
                pieces.append(f"- {inner.name}")  # 'Phòng Cảnh sát hình sự-Công an tỉnh Tây Ninh'
                end, qualified = inner.end, True
                break
            if not t.spaced(j):
                break
            answers_to = t.lower[j] == "trực" and j + 2 < t.n and t.lower[j + 1] == "thuộc"
            if answers_to and not nested and self.head(j + 2):
                pieces.append("trực thuộc")  # 'Đảng ủy trực thuộc Tỉnh ủy': named by the body it answers to
                j += 2
            elif (t.words[j] == "cơ" and j + 2 < t.n and t.lower[j + 1] == "quan" and kind == "party"
                  and self.head(j + 2)):
                pieces.append("cơ quan")  # 'Đảng bộ cơ quan Tạp chí Cộng sản': the party body of an office
                j += 2
            inner = self.org(j, nested=True)
            if inner and self.same_kind_of_body(data["name"], j):
                break  # 'BHXH huyện Ân Thi | BHXH cơ sở Ân Thi': two bodies (cells of a row), no parent
            if inner:
                pieces.append(inner.name)
                inner_kind = inner.kind
                end, qualified = inner.end, True
                break
            if last == "name" and t.spaced(j) and (known := self.known_run(j)):  # 'Viện Quy hoạch xây dựng | Hà Nội'
                pieces.append(self.surface(j, known))
                end, last = known, "place"
                continue
            place = self.place(j) or self.level(j)
            if place and place.name is None and (committees := self.committees(j)):
                pieces.append(self.surface(j, committees))  # 'Ban thường vụ tỉnh ủy, thành ủy, đảng ủy trực thuộc
                end, qualified, last, inner_kind = committees, True, "place", "party"  # Trung ương': not a level
                continue
            if place:
                stop = self.levels(place.end) if place.name is None else place.end
                pieces.append(expand(self.surface(j, stop)))
                end, qualified, last = stop, True, "place"
                continue
            acronym = not caps and last == "head" and t.upper(j) and t.words[j].isalpha() and len(t.words[j]) >= 3
            if t.title_case(j) or (caps and t.upper(j)) or acronym:  # 'Đảng đoàn VCCI', 'Đảng ủy EVN'
                if last != "head":
                    break
                if self.stops_run(j) or self.cue(j):
                    break
                stop = j + 1 if acronym else self.place_name(j, caps)
                if stop == j or self.person_like(j, stop) or self.person_like(j, self.run(j, caps)) \
                        or (needs == "self" and self.after_post(i) and stop - j == 2 and self.family(j)
                            and not self.known_place(j, stop)):
                    # the whole run, not only the place a split leaves: 'Quốc hội Trần Thị Mai Lan'; a
                    # two-syllable name after a post and its body: 'Thường trực Ban Bí thư Lương Cường'
                    break
                pieces.append(self.surface(j, stop))
                end, qualified, last = stop, True, "run"
                continue
            if last == "head" and t.words[j].isdigit() and len(t.words[j]) <= 3 and not self.unit_after(j + 1):
                if self.in_number(j) or needs == "possessive":
                    break
                pieces.append(t.words[j])
                end, qualified, last = j + 1, True, "number"
                continue
            break
        # a body named by its task ('Ban Chỉ đạo'), only looked for before a lower-case word
        topical = end < t.n and t.spaced(end) and t.words[end].islower() and \
            (named := fold(self.surface(i, end)).lower()).startswith(self.lex.topic_heads)
        if topical and not qualified and end + 1 < t.n and t.lower[end] == "của" and t.spaced(end + 1) \
                and (owner := self.org(end + 1, nested=True)):
            pieces.append(f"của {owner.name}")  # 'Ban Chỉ đạo của Chính phủ': named by the body it serves
            end, qualified = owner.end, True
        if topical and end < t.n and t.spaced(end) and t.words[end].islower() \
                and (last != "place" or t.lower[end] == "về"):  # 'Ban Chỉ đạo CCHC tỉnh | những giải pháp'
            about = t.lower[end] == "về"
            task = self.task(end + 1 if about else end)
            if served := self.served(task):
                task = served  # 'Ban Chỉ đạo cải cách hành chính của Chính phủ': named by the body it serves
            elif not about and " ".join(t.lower[end:end + 2]) not in _SCOPES:
                # 'Ban Chỉ đạo diễn tập KVPT tỉnh': a task without 'về' ends on its level; with none, where
                # the clause does ('Ban Chỉ đạo phòng thủ dân sự quốc gia | đã họp')
                levelled = max((k + 1 for k in range(end, task) if (p := self.place(k)) and p.name is None
                                and p.end == k + 1), default=end)
                alone = named.startswith(self.lex.named_by_task) and last != "run" and not self.name_stop(end)
                task = levelled if levelled > end or not alone else task  # not '| từng bước', '| các cấp'
            if task > end + int(about):
                pieces.append(self.surface(end, task))
                end, qualified = task, True
        if not nested and needs == "qualifier" and not qualified:
            return None
        if not nested and not qualified and self.surface(i, head_end) != data["name"] \
                and data["name"].lower().startswith(self.lex.topic_heads):
            return None  # 'thành viên Ban chỉ đạo': a bare task body in lower case is generic
        if not nested and needs == "possessive" and not self.central(i, end):
            return None
        if not nested and not qualified and end < t.n and t.spaced(end) and t.lower[end] in _PLURAL:
            return None  # 'Ủy ban nhân dân các phường': generic
        if kind == "inherit":
            kind = inner_kind or "other"
        return _Org(i, end, " ".join(pieces), kind)

    def same_kind_of_body(self, head: str, j: int) -> bool:
        """Does the body at token j open with the head `head` opens with ('Bảo hiểm xã hội' and
        'Bảo hiểm xã hội cơ sở')? A body is no parent of its own kind."""
        found = self.head(j)
        other = found[1].data["name"] if found else ""
        return bool(other) and (other.startswith(head) or head.startswith(other))

    def after_post(self, i: int) -> bool:
        """A title ends at token i or runs over it ('Thường trực Ban Bí thư'): the body at i belongs
        to a person's post."""
        return any(stop >= i for k in range(max(0, i - 6), i) for stop, _ in self.lex.titles.matches(self.t, k))

    def task(self, i: int) -> int:
        """End of the task in a body's name (after 'về', or alone): words to the clause's end, over a
        comma after a short item ('phòng, chống tham nhũng, lãng phí, tiêu cực', 'bổ sung, sửa đổi Điều
        lệ Đảng') and 'và' inside it ('dân số và phát triển'), never over a verb of the sentence ('đã',
        'trực thuộc', 'do', what a body does) nor past a number ('dự án 85')."""
        t, k, since = self.t, i, 0
        while k < t.n and k - i < SETTINGS.task_max_syllables and not t.breaks[k]:
            word = t.lower[k]
            if word == "," and since <= SETTINGS.task_item_syllables and k + 1 < t.n and t.words[k + 1].islower() \
                    and t.lower[k + 1] not in _PLURAL and not self.cue(k + 1):  # 'chống tham nhũng, lãng phí',
                # not ', các sở' nor ', đồng chí Phạm Minh Chính'
                k, since = k + 1, 0
                continue
            if word == "," and 0 < k < t.n - 1 and t.upper(k - 1) and t.spaced(k + 1) and t.upper(k + 1):
                k += 1  # 'chính sách BHXH, BHYT'
                continue
            if word in ("-", "–") and t.glued[k] and k + 1 < t.n and t.glued[k + 1] and t.words[k + 1].isalnum():
                k += 2  # 'dịch Covid-19'
                continue
            if k > i and self.abbreviated(k):  # 'chính sách bảo hiểm xã hội (BHXH), bảo hiểm y tế (BHYT)'
                k += 3
                if k + 1 < t.n and t.words[k] == "," and t.words[k + 1].islower() and t.lower[k + 1] not in _PLURAL:
                    k += 1  # the next field of the list, with its own abbreviation
                since = 0
                continue
            if word.isdigit() and k > i and t.words[k - 1].islower() and not self.unit_after(k + 1):
                return k + 1  # a number closes the name: 'Ban Quản lý dự án 85 | nhiệm kỳ 2020 - 2025'
            if word == "và" and since and k + 1 < t.n and t.spaced(k + 1) and t.words[k + 1].islower() \
                    and t.words[k + 1].isalpha() and not self.name_stop(k + 1):
                k, since = k + 1, 0  # 'dân số và phát triển', not 'và các sở', 'và UBND', 'và đã'
                continue
            pair = f"{word} {t.lower[k + 1]}" if k + 1 < t.n else word
            ends = self.lex.task_ends
            if not t.words[k][0].isalnum() or self.body_verb(k) or (word in ends or pair in ends) \
                    and not (k > i and self.joins_previous(k)):  # 'xử lý các tồn tại' goes on
                break
            k, since = k + 1, 0 if word == "về" else since + 1
        return k

    def served(self, k: int) -> int:
        """End of 'của <body>' at token k, else 0."""
        t = self.t
        if k + 1 < t.n and t.lower[k] == "của" and t.spaced(k) and t.spaced(k + 1):
            owner = self.org(k + 1, nested=True) or self.place(k + 1)  # '... của huyện Văn Lâm'
            return owner.end if owner else 0
        return 0

    def central(self, i: int, end: int) -> bool:
        """'Trung ương' alone is the Central Committee after 'của' or as a subject ('khi Trung ương
        ban hành'), not a level ('cấp Trung ương', 'từ Trung ương đến cơ sở') or a plenum ('Trung ương 4')."""
        t = self.t
        if end < t.n and t.spaced(end) and (t.words[end][0].isdigit() or t.lower[end] == "đến"):
            return False
        return i == 0 or not t.words[i - 1].isalnum() or t.lower[i - 1] in _BEFORE_CENTRAL

    def orgs(self) -> list[_Org]:
        found, i, t = [], 0, self.t
        after_cue, firsts = self.cue_ends(), self.lex.heads.by_first
        short: list[tuple[int, int, str]] = []
        while i < t.n:
            org = self.org(i) if t.lower[i] in firsts and i not in after_cue else None
            if org and org.end > i:
                found.append(org)
                i = org.end
                continue
            if org is None and t.lower[i] in firsts and (head := self.head(i)) \
                    and self.surface(i, head[0]) == head[1].data["name"] \
                    and fold(head[1].data["name"]).lower().startswith(self.lex.named_by_task):
                short.append((i, head[0], head[1].data["name"]))
            i += 1
        for start, end, name in short:  # 'Ban Chỉ đạo' after 'Ban Chỉ đạo Trung ương về ...': the same body
            full = next((o for o in found if o.name.startswith(name) and o.name != name), None)
            if full:
                found.append(_Org(start, end, name, full.kind))
        for first, run in self.listed_committees():
            owned = next((k for k in range(max(0, first - 4), first) if (h := self.head(k)) and h[0] == first
                          and h[1].data["needs"] == "self"), None)
            if owned is not None:  # 'Ban Thường vụ các tỉnh ủy, thành ủy': one body of each, named together
                found.append(_Org(owned, run[-1] + 2, self.surface(owned, run[-1] + 2), "party"))
            elif "tỉnh" not in (t.lower[i] for i in run):  # 'các tỉnh ủy, thành ủy' alone: every province's, a class
                found += [_Org(i, i + 2, f"{t.words[i].capitalize()} ủy", "party") for i in run]
        return sorted(found, key=lambda o: o.start)

    def cue_ends(self) -> set[int]:
        """Tokens right after a strong cue: 'đồng chí Đoàn Văn Nam' is a person, not 'Đoàn' + name."""
        t, firsts = self.t, self.lex.cues.by_first
        ends = (self.cue(k, strong_only=True) for k in range(t.n) if t.lower[k] in firsts)
        return {found[0] for found in ends if found}
