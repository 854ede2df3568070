"""The compare report: one self-contained HTML page (tables, plots as inline PNG) that can
be mailed round or opened offline, for people who will not run Python."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from pipeline.indicators import taxonomy
from pipeline.model import LABELS
from pipeline.query import UNKNOWN, Db, cited, compare, indicators
from pipeline.settings import SETTINGS

# What readers see: the labels in Vietnamese, the grouping in Vietnamese.
LABEL_NAMES = {"achievement": "kết quả", "shortcoming": "hạn chế", "task": "nhiệm vụ", "other": "khác"}
LABEL_COLORS = {"achievement": "#2e7d32", "shortcoming": "#c62828", "task": "#1565c0", "other": "#9e9e9e"}
COLUMN_NAMES = {"documents": "số báo cáo", "sentences": "số câu",
                "top_refs": "văn bản trích dẫn nhiều nhất (số lần nhắc)",
                "conflicts": "chỉ tiêu có số liệu khác nhau (kỳ: các giá trị)"}
GROUP_NAMES = {"place": "địa bàn", "province": "tỉnh, thành phố", "year": "năm"}


def compare_report(db: Db, by: str, html_path: str | Path) -> Path:
    """Write the comparison by place, province or year to `html_path`; returns the path."""
    table = compare(db, by)
    citations = cited(db, by)
    names = [UNKNOWN if pd.isna(v) else str(v) for v in table[by]]
    table = table.assign(**{by: names})
    citations = citations.assign(**{by: [UNKNOWN if pd.isna(v) else str(v) for v in citations[by]]})
    shown = table[table.index.isin(table.nlargest(SETTINGS.report_max_groups, "documents", keep="first").index)]
    note = (f" ({len(shown)} {GROUP_NAMES[by]} có nhiều báo cáo nhất / {len(table)})"
            if len(shown) < len(table) else "")
    group = GROUP_NAMES[by]
    body = [
        f"<h1>So sánh theo {group}</h1>",
        f"<p>{int(table['documents'].sum())} báo cáo, {int(table['sentences'].sum())} câu, "
        f"{len(table)} {group}.</p>",
        f"<h2>Tỉ lệ câu theo nhãn{html.escape(note)}</h2>",
        _img(_shares_plot(shown, by), "Tỉ lệ câu kết quả / hạn chế / nhiệm vụ / khác"),
        f"<h2>Văn bản được trích dẫn{html.escape(note)}</h2>",
        _img(_refs_plot(citations[citations[by].isin(shown[by])], by, list(shown[by])),
             "Số lần nhắc đến các văn bản được trích dẫn nhiều nhất"),
        "<h2>Bảng số liệu</h2>",
        _table(table, by),
        *(_indicator_section(db, table, by) if by == "place" else []),  # a district's figure is not its province's
    ]
    page = (
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
        f"<title>baocao: so sánh theo {group}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body) + "\n</body></html>\n")
    path = Path(html_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, "utf-8")
    return path


def _shares_plot(table: pd.DataFrame, by: str) -> Figure:
    """Label shares per group as stacked horizontal bars."""
    fig = Figure(figsize=(9, 1.2 + 0.35 * max(len(table), 1)))
    ax = fig.add_subplot()
    left = pd.Series(0.0, index=table.index)
    for label in LABELS:
        share = table[f"share_{label}"].fillna(0)
        ax.barh(table[by], share, left=left, color=LABEL_COLORS[label], label=LABEL_NAMES[label])
        left += share
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0%}")
    ax.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    fig.tight_layout()
    return fig


def _refs_plot(citations: pd.DataFrame, by: str, groups: list[str]) -> Figure:
    """Mentions of the most-cited references (rows) per group (columns), as a heat map."""
    top = (citations.groupby("canonical")
           .agg(reports=("reports", "sum"), mentions=("mentions", "sum"))
           .sort_values(["reports", "mentions"], ascending=False).head(SETTINGS.report_max_refs).index)
    grid = (citations[citations.canonical.isin(top)]
            .pivot_table(index="canonical", columns=by, values="mentions", aggfunc="sum", fill_value=0)
            .reindex(index=list(top), columns=groups, fill_value=0))
    fig = Figure(figsize=(max(6.0, 3.5 + 0.5 * len(groups)), 1.5 + 0.35 * max(len(grid), 1)))
    ax = fig.add_subplot()
    if grid.empty:
        ax.text(0.5, 0.5, "Không có văn bản được trích dẫn", ha="center", va="center")
        ax.set_axis_off()
        return fig
    ax.imshow(grid.to_numpy(), cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(groups)), groups, rotation=60, ha="right")
    ax.set_yticks(range(len(grid)), grid.index)
    peak = grid.to_numpy().max() or 1
    for (row, col), value in pd.DataFrame(grid.to_numpy()).stack().items():
        if value:
            ax.text(col, row, int(value), ha="center", va="center", fontsize=8,
                    color="white" if value > peak / 2 else "black")
    ax.set_title("Số lần nhắc trong các báo cáo", fontsize=10)
    fig.tight_layout()
    return fig


def _indicator_section(db: Db, table: pd.DataFrame, by: str) -> list[str]:
    """Standard indicators: a bar chart per indicator of each group's latest value (the compare
    table's `<id>` and `<id>_period`), a time series by year, and every value with the sentence
    it was read from. Values that disagree for one group and period are listed, not plotted."""
    values = indicators(db, by)
    if values.empty:
        return ["<h2>Chỉ tiêu</h2>", "<p>Không tìm thấy chỉ tiêu nào trong các báo cáo.</p>"]
    names = {i.id: f"{i.name} ({i.unit})" for i in taxonomy()}
    order = {i.id: n for n, i in enumerate(taxonomy())}
    values = values.sort_values("indicator", key=lambda c: c.map(order), kind="stable")
    # plotted: values no other report contradicts, of known places ('không rõ' mixes many places)
    known = table[table[by] != UNKNOWN]
    parts = ["<h2>Chỉ tiêu: giá trị kỳ gần nhất</h2>"]
    for i in taxonomy():
        rows = (known.dropna(subset=[i.id]).rename(columns={i.id: "value", f"{i.id}_period": "period"})
                .sort_values("value", ascending=False).head(SETTINGS.report_max_groups))
        if len(rows):
            parts.append(_img(_bars(rows, by, names[i.id]), names[i.id]))
    agreed = values[~values["conflict"] & (values[by] != UNKNOWN)].drop_duplicates([by, "indicator", "period"])
    yearly = agreed.assign(year=pd.to_numeric(agreed["period"].str[:4], errors="coerce")).dropna(subset=["year"])
    yearly = yearly.sort_values("period").drop_duplicates([by, "indicator", "year"], keep="last")
    yearly = yearly[yearly.groupby([by, "indicator"])["year"].transform("nunique") > 1]  # lines, not dots
    series = sorted(yearly.groupby("indicator"), key=lambda item: order[item[0]])
    if series:
        parts.append("<h2>Chỉ tiêu theo năm</h2>")
        parts.extend(_img(_timeline(rows, by, names[i]), names[i]) for i, rows in series)
    listing = values.assign(indicator=values["indicator"].map(names),
                            conflict=values["conflict"].map({True: "khác nhau", False: ""}))
    columns = {by: GROUP_NAMES[by], "indicator": "chỉ tiêu", "period": "kỳ", "value": "giá trị",
               "conflict": "", "sentence": "câu nguồn", "document": "báo cáo"}
    parts += ["<h2>Các giá trị và câu nguồn</h2>",
              listing[list(columns)].rename(columns=columns).to_html(index=False, na_rep="", classes="data",
                                                                     border=0)]
    return parts


def _bars(rows: pd.DataFrame, by: str, title: str) -> Figure:
    fig = Figure(figsize=(8, 1.0 + 0.3 * len(rows)))
    ax = fig.add_subplot()
    labels = [f"{g} ({p})" for g, p in zip(rows[by], rows["period"])]
    ax.barh(labels, rows["value"], color="#1565c0")
    ax.bar_label(ax.containers[0], fmt="%g", fontsize=8, padding=2)
    ax.invert_yaxis()
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig


def _timeline(rows: pd.DataFrame, by: str, title: str) -> Figure:
    fig = Figure(figsize=(8, 3.5))
    ax = fig.add_subplot()
    for group in rows[by].value_counts().index[:SETTINGS.report_max_series]:
        line = rows[rows[by] == group].sort_values("year")
        ax.plot(line["year"].astype(int), line["value"], marker="o", label=group)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, frameon=False, loc="best")
    fig.tight_layout()
    return fig


def _img(fig: Figure, alt: str) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _table(table: pd.DataFrame, by: str) -> str:
    """The compare table with Vietnamese label names and shares as percentages."""
    names = {**COLUMN_NAMES, by: GROUP_NAMES[by]}
    names.update({f"n_{label}": f"số câu {LABEL_NAMES[label]}" for label in LABELS})
    names.update({f"share_{label}": f"tỉ lệ {LABEL_NAMES[label]}" for label in LABELS})
    percent = {names[f"share_{label}"]: (lambda v: "" if pd.isna(v) else f"{v:.1%}") for label in LABELS}
    return table.rename(columns=names).to_html(index=False, na_rep="", formatters=percent,
                                               classes="data", border=0)


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
img { max-width: 100%; }
table.data { border-collapse: collapse; font-size: 0.85em; }
table.data th, table.data td { padding: 0.25em 0.6em; border-bottom: 1px solid #ddd; text-align: right; }
table.data td:first-child, table.data th:first-child { text-align: left; }
"""
