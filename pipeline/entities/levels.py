"""Levels and the Party committees named by them: 'cấp xã', 'UBND quận, huyện, thị xã', 'Ban thường vụ
tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương', 'các huyện ủy, thị ủy' (a mixin of the entity finder)."""

from __future__ import annotations

from pipeline.entities.places import _Place

_COMMITTEE_LEVELS = frozenset({"tỉnh", "thành", "huyện", "thị", "quận"})
_POST_ENDS = frozenset({"thư", "viên"})  # 'bí thư', 'ủy viên' before a committee make it a post


class _Levels:
    """Levels of units and the committees that lead them, read where a body's name goes on."""

    def level(self, i: int) -> _Place | None:
        """'cấp tỉnh', 'cấp xã': a level that qualifies a body ('UBND cấp xã', 'Công an cấp tỉnh')."""
        if self.t.lower[i] != "cấp" or i + 1 >= self.t.n:
            return None
        place = self.place(i + 1)
        return place if place and place.name is None else None

    def levels(self, k: int) -> int:
        """End of the levels listed after a bare one: 'UBND quận, huyện, thị xã', 'Hội đồng nhân dân
        cấp tỉnh, cấp huyện, cấp xã' are one mention, as annotators read them."""
        t = self.t
        while k + 1 < t.n and (t.words[k] == "," or t.lower[k] == "và") and t.spaced(k + 1):
            more = self.level(k + 1) or self.place(k + 1)
            if more is None or more.name is not None:
                break
            k = more.end
        return k

    def committees(self, i: int) -> int:
        """End of the Party committees named in lower case by their level at token i, and of those listed
        after it ('tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương'), else 0: after a head they are its
        parent body ('Ban thường vụ tỉnh ủy'), not a level."""
        t, k, end = self.t, i, 0
        while k + 1 < t.n and t.lower[k] in _COMMITTEE_LEVELS | {"đảng"} and t.words[k].islower() \
                and t.lower[k + 1] == "ủy" and t.spaced(k + 1):
            end = k = k + 2
            if k + 1 < t.n and (t.words[k] == "," or t.lower[k] == "và") and t.spaced(k + 1):
                k += 1
        if end and end + 2 < t.n and t.lower[end] == "trực" and t.lower[end + 1] == "thuộc" and self.head(end + 2) \
                and (parent := self.org(end + 2, nested=True)):
            end = parent.end
        return end

    def listed_committees(self) -> list[tuple[int, list[int]]]:
        """Party committees named by their level in lower case, two or more listed together ('phối
        hợp với các huyện ủy, thị ủy, thành ủy'), each run with the token it starts at ('các'
        included). Not one alone ('cấp huyện ủy': a level), a class ('tỉnh ủy, thành ủy trực thuộc
        Trung ương') or a post ('các đồng chí bí thư tỉnh ủy, thành ủy')."""
        t = self.t
        members = [i for i in range(t.n - 1) if t.lower[i] in _COMMITTEE_LEVELS and t.words[i].islower()
                   and t.lower[i + 1] == "ủy" and t.spaced(i + 1)]
        runs: list[list[int]] = []
        for i in members:
            between = [t.lower[k] for k in range(runs[-1][-1] + 2, i)] if runs else None
            if between in ([","], ["và"], [",", "và"]) and not any(t.breaks[k] for k in range(runs[-1][-1] + 1, i + 1)):
                runs[-1].append(i)
            else:
                runs.append([i])
        found = []
        for run in runs:
            first = run[0] - (run[0] > 0 and t.lower[run[0] - 1] == "các")
            after = " ".join(t.lower[run[-1] + 2 : run[-1] + 7])
            if len(run) >= 2 and not (first > 0 and t.lower[first - 1] in _POST_ENDS) and "trực thuộc" not in after:
                found.append((first, run))
        return found
