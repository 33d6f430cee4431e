"""Peringkat & dasbor: counts per predikat and participation, the ranking per category in
the predikat colours with the change against the previous cycle, score distributions, a
drill-down per badan publik, and the ranking workbook to download.

Everything comes from :mod:`monev.outcomes.dashboard` (which checks who may see what and caches
the computed results per data version, so reruns do not recompute scores); this page only
picks, filters and renders. A koordinator PPID sees published results of their own badan
publik; before publication they get a message instead.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import TypeVar

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from monev.errors import ServiceError
from monev.exports import Export, Request, Subject, registry
from monev.outcomes import dashboard as service
from monev.permissions import Actor
from monev.workspace import Workspace
from reports import figures
from reports.data import ReportCard
from reports.formatting import score, text_on
from scoring.explain import StageGap
from ui import format as fmt
from ui import state
from ui.components.cycle import pick_cycle
from ui.text import t, t_literal

T = TypeVar("T")
UP, DOWN = "#2E7D32", "#C62828"
TABLE_ROW = 35  # pixels per row of st.dataframe (up to 20 rows shown, then it scrolls)
PAGE_SIZES = (100, 250, 500)  # rows of the ranking per page (bigger categories page)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _rank_change(row: service.Row) -> str:
    if row.rank_change is None:
        return t_literal("rank.change.new") if row.previous is None else "–"
    if row.rank_change > 0:
        return t_literal("rank.change.up", n=row.rank_change)
    if row.rank_change < 0:
        return t_literal("rank.change.down", n=-row.rank_change)
    return t_literal("rank.change.same")


def _predicate_change(row: service.Row) -> str:
    if row.previous is None or row.previous.predicate is None:
        return "–"
    if row.predicate_change is None or row.predicate_change == 0:
        return t_literal("rank.predicate.same")
    key = "rank.predicate.up" if row.predicate_change > 0 else "rank.predicate.down"
    return t_literal(key, label=row.previous.predicate)


def _change_style(value: object) -> str:
    text = str(value)
    if text.startswith("▲"):
        return f"color: {UP}; font-weight: 600"
    if text.startswith("▼"):
        return f"color: {DOWN}; font-weight: 600"
    return ""


# What an official reads first — rank and name (pinned), region, the final score and its
# predikat, then what makes the final: the SAQ, every other stage (a panel, a website-
# monitoring stage…) and the bonus — fits a 1400 px window beside the menu (about 940 px of
# grid); the change against the previous cycle, the SAQ before verification and the
# indicators follow. Widths in pixels; the name takes what the others leave of the grid
# (cut when longer, whole on hover); a stage's header is its short name (the part in
# brackets of "Pemantauan Situs (Situs)"), its full name in the help.
RANKING_WIDTHS = {"rank.col.rank": 75, "rank.col.name": 190, "rank.col.region": 135,
                  "rank.col.final": 85, "rank.col.predicate": 135, "rank.col.saq": 65,
                  "rank.col.bonus": 110}
GRID_WIDTH = 920  # px of the key columns at 1400 px with the menu open
NAME_WIDTHS = (160, 300)  # the name's least and most
NO_REGION_WIDTH = 80  # "Wilayah" when no badan publik of the category has one
STAGE_WIDTH, BELOW_GATE_WIDTH = 85, 150  # a stage's column; with "0,00 · tidak mengikuti"


def short_name(name: str, taken: Collection[str] = ()) -> str:
    """A column header for a stage: the part in brackets at the end of its name
    ("Pemantauan Situs (Situs)" → "Situs"), else the name; the name itself when the short
    one is empty or another column's header (`taken`)."""
    text = name.strip()
    if text.endswith(")") and "(" in text:
        short = text[text.rindex("(") + 1:-1].strip()
        if short and short not in taken:
            return short
    return name


@dataclass(frozen=True, slots=True)
class _Stage:
    code: str
    header: str
    help: str
    below_gate: bool  # some badan publik of the category did not reach it


def _stages(board: service.Dashboard, view: service.CategoryView) -> list[_Stage]:
    taken = {t_literal(key) for key in RANKING_WIDTHS} | {
        t_literal(k) for k in ("rank.col.change", "rank.col.predicate_change",
                               "rank.col.saq_raw")} | {i.name for i in board.indicators}
    out = []
    for stage in board.other_stages:
        header = short_name(stage.name, taken)
        taken.add(header)
        key = "rank.col.stage_monitoring_help" if stage.monitoring else "rank.col.stage_help"
        out.append(_Stage(stage.code, header,
                          t_literal(key, name=stage.name, weight=fmt.number(stage.weight)),
                          any(stage.code in r.below_gate for r in view.ranked)))
    return out


def ranking_table(board: service.Dashboard, view: service.CategoryView,
                  rows: Sequence[service.Row] | None = None) -> Styler:
    """The ranked rows of one category (or `rows` of it: a page), numbers with a decimal
    comma, predikat coloured; the columns are those of the whole category
    (:func:`ranking_columns` sizes them)."""
    indicators = [(i.code, i.name) for i in board.indicators if any(
        r.indicators.get(i.code) is not None for r in view.ranked)]
    stages = _stages(board, view)
    bonus = any(r.bonus is not None for r in view.ranked)
    records = []
    for row in view.ranked if rows is None else rows:
        record: dict[str, object] = {
            t_literal("rank.col.rank"): row.rank, t_literal("rank.col.name"): row.name,
            t_literal("rank.col.region"): row.region,
            t_literal("rank.col.final"): _float(row.final),
            t_literal("rank.col.predicate"): row.predicate,
            t_literal("rank.col.saq"): _float(row.saq)}
        for stage in stages:
            record[stage.header] = _float(row.stages.get(stage.code))
        if bonus:
            record[t_literal("rank.col.bonus")] = _float(row.bonus)
        if board.has_previous:
            record[t_literal("rank.col.change")] = _rank_change(row)
            record[t_literal("rank.col.predicate_change")] = _predicate_change(row)
        record[t_literal("rank.col.saq_raw")] = _float(row.saq_raw)
        for code, name in indicators:
            record[name] = _float(row.indicators.get(code))
        records.append(record)
    frame = pd.DataFrame.from_records(records)
    numbers = [t_literal("rank.col.final"), t_literal("rank.col.saq")] + \
        [s.header for s in stages] + ([t_literal("rank.col.bonus")] if bonus else []) + \
        [t_literal("rank.col.saq_raw")] + [name for _, name in indicators]
    css = {b.label: f"background-color: {b.colour}; color: {text_on(b.colour)}"
           for b in board.bands}
    styler = frame.style.format(score, subset=numbers, na_rep="–").map(
        lambda label: css.get(label, ""), subset=[t_literal("rank.col.predicate")])
    shown = view.ranked if rows is None else rows
    for stage in stages:  # a stage not reached (below its gate): the number says so
        below = [i for i, row in enumerate(shown) if stage.code in row.below_gate]
        if below:
            styler = styler.format(
                lambda value: t_literal("rank.below_gate", score=score(value)),
                subset=pd.IndexSlice[below, [stage.header]])
    if board.has_previous:
        styler = styler.map(_change_style, subset=[t_literal("rank.col.change"),
                                                   t_literal("rank.col.predicate_change")])
    return styler


def ranking_columns(board: service.Dashboard,
                    view: service.CategoryView) -> dict[str, object]:
    """The column settings of :func:`ranking_table`: widths (the key columns within
    :data:`GRID_WIDTH`), help, rank and name pinned."""
    saq = board.methodology.saq_stage
    helps = {"rank.col.saq": t_literal("rank.col.saq_help", weight=fmt.number(
        saq.weight if saq else 0)), "rank.col.saq_raw": t_literal("rank.col.saq_raw_help")}
    stages = _stages(board, view)
    widths = dict(RANKING_WIDTHS)
    if not any(r.region for r in view.ranked):
        widths["rank.col.region"] = NO_REGION_WIDTH
    if not any(r.bonus is not None for r in view.ranked):
        del widths["rank.col.bonus"]
    stage_widths = {s.header: BELOW_GATE_WIDTH if s.below_gate else STAGE_WIDTH
                    for s in stages}
    rest = GRID_WIDTH - sum(w for k, w in widths.items() if k != "rank.col.name") - \
        sum(stage_widths.values())
    widths["rank.col.name"] = max(NAME_WIDTHS[0], min(NAME_WIDTHS[1], rest))
    config: dict[str, object] = {
        t_literal(key): st.column_config.Column(
            width=width, pinned=key == "rank.col.name" or None, help=helps.get(key))
        for key, width in widths.items()}
    config[t_literal("rank.col.rank")] = st.column_config.NumberColumn(
        format="%d", width=widths["rank.col.rank"], pinned=True)
    config[t_literal("rank.col.saq_raw")] = st.column_config.Column(
        help=helps["rank.col.saq_raw"])
    for stage in stages:
        config[stage.header] = st.column_config.Column(width=stage_widths[stage.header],
                                                       help=stage.help)
    return config


def show_metrics(view: service.Dashboard) -> None:
    summary = view.summary
    cols = st.columns(5)
    cols[0].metric(t("rank.metric.bodies"), fmt.number(summary.bodies),
                   help=t("rank.metric.bodies_help"))
    cols[1].metric(t("rank.metric.returned"), fmt.number(summary.returned))
    rate = summary.participation_rate
    cols[2].metric(t("rank.metric.rate"), "–" if rate is None else fmt.percent(rate),
                   help=t("rank.metric.rate_help"))
    for col, status in zip(cols[3:], summary.not_taking_part, strict=True):
        col.metric(status.label, fmt.number(status.count), help=t("rank.metric.apart_help"))
    cols = st.columns(len(summary.bands))
    for col, band in zip(cols, summary.bands, strict=True):
        col.metric(band.label, fmt.number(band.count),
                   help=t("rank.metric.band_help", lower=fmt.score(band.lower)))


def kept(name: str, key: tuple[object, ...], make: Callable[[], T]) -> T:
    """`make()` once per `key` in this browser session (a figure of thousands of points is
    built again only when the data or the filters change)."""
    slot = st.session_state.setdefault("rank_kept", {})
    found = slot.get(name)
    if found is not None and found[0] == key:
        return found[1]  # type: ignore[no-any-return]
    value = make()
    slot[name] = (key, value)
    return value


def show_charts(view: service.Dashboard, key: tuple[object, ...]) -> None:
    """The counts per predikat and the distribution of finals; `key` names the data and
    filters they are drawn from."""
    left, right = st.columns([2, 3])
    summary = view.summary
    left.plotly_chart(kept("counts", key, lambda: figures.predicate_counts(
        [(b.label, b.colour, b.count) for b in summary.bands],
        [(s.label, s.count) for s in summary.not_taking_part if s.count],
        title=t("rank.chart.counts"), count_label=t("rank.chart.count_axis"),
        scored_label=t("rank.chart.scored"), apart_label=t("rank.chart.apart"))),
        key="rank_chart_counts")
    right.plotly_chart(kept("distribution", key, lambda: figures.score_distribution(
        [(c.name, c.finals) for c in view.categories if c.finals],
        [(b.label, b.lower, b.colour) for b in view.bands],
        title=t("rank.chart.distribution"), score_label=t("rank.chart.final_axis"))),
        key="rank_chart_distribution")


def show_ranking(view: service.Dashboard) -> service.CategoryView | None:
    """The ranking of one category at a time (the one picked); returns it."""
    st.subheader(t("rank.section.ranking"))
    if not view.categories:
        st.info(t("rank.no_rows"))
        return None
    names = {c.code: c.name for c in view.categories}
    code = st.radio(t("rank.pick_category"), list(names), format_func=names.__getitem__,
                    horizontal=True, key="rank_category")
    category = next(c for c in view.categories if c.code == code)
    st.caption(t("rank.category_caption", ranked=fmt.number(len(category.ranked)),
                 apart=fmt.number(len(category.unranked)),
                 average=fmt.score(category.average_final)))
    if view.has_previous:
        st.caption(t("rank.change_caption", previous=view.previous_title))
    if category.ranked:
        show_ranked(view, category)
    if category.unranked:
        with st.expander(t("rank.unranked", n=fmt.number(len(category.unranked)))):
            st.caption(t("rank.unranked_help"))
            st.dataframe(pd.DataFrame({
                t("rank.col.name"): [r.name for r in category.unranked],
                t("rank.col.region"): [r.region for r in category.unranked],
                t("rank.col.status"): [r.status for r in category.unranked]}),
                hide_index=True, key="rank_unranked")
    return category


def show_ranked(view: service.Dashboard, category: service.CategoryView) -> None:
    """The ranked rows of a category a page at a time (a styled table of thousands of rows
    takes seconds to send), with a search by name."""
    rows: Sequence[service.Row] = category.ranked
    if len(rows) > PAGE_SIZES[0]:
        left, middle, right = st.columns([3, 1, 1])
        text = left.text_input(t("rank.search"), key="rank_search",
                               placeholder=t("rank.search_placeholder")).strip()
        if text:
            wanted = text.casefold()
            rows = [r for r in rows if wanted in r.name.casefold()]
            if not rows:
                st.info(t("rank.search_none", text=text))
                return
        size = right.selectbox(t("rank.page_size"), PAGE_SIZES, key="rank_page_size")
        pages = max(1, -(-len(rows) // size))
        key = f"rank_page_{category.code}"
        if st.session_state.get(key, 1) > pages:  # fewer pages now (a search, a filter)
            st.session_state[key] = pages
        page = int(middle.number_input(t("rank.page"), min_value=1, max_value=pages, step=1,
                                       key=key))
        first = (page - 1) * size
        rows = rows[first:first + size]
        st.caption(t("rank.page_caption", first=fmt.number(first + 1),
                     last=fmt.number(first + len(rows)),
                     total=fmt.number(len(category.ranked))))
    st.dataframe(ranking_table(view, category, rows), hide_index=True, key="rank_table",
                 height=TABLE_ROW * (min(len(rows), 20) + 1) + 3,
                 column_config=ranking_columns(view, category))
    for stage in view.other_stages:
        if any(stage.code in r.below_gate for r in category.ranked):
            st.caption(t("rank.below_gate_caption", stage=stage.name,
                         note=stage.below_gate_note))


def predicate_badge(label: str, predicate: str, colour: str | None) -> str:
    """The predikat in its band colour, under a label like a metric's (HTML; the texts
    come from the methodology, so they are escaped)."""
    style = (f"background-color: {colour}; color: {text_on(colour)};" if colour
             else "border: 1px solid #BDBDBD;")
    return (f'<div data-testid="rank-predicate"><div style="font-size: 0.875rem; '
            f'margin-bottom: 0.35rem;">{escape(label)}</div><span style="{style} '
            f'display: inline-block; padding: 0.3rem 0.8rem; border-radius: 0.5rem; '
            f'font-size: 1.35rem; font-weight: 600;">{escape(predicate)}</span></div>')


def _stage_gap(stage: StageGap) -> str:
    """A stage that holds the final back: not yet scored, or closed by its gate."""
    weight, points = fmt.number(stage.weight), fmt.score(stage.points)
    if stage.gate_rule:  # any gate: ≥ or >, exact, top N per category
        return t("rank.drill.gap_stage_gate", name=stage.name, weight=weight, points=points,
                 rule=stage.gate_rule, reading=stage.gate_reading)
    return t("rank.drill.gap_stage_missing", name=stage.name, weight=weight, points=points)


def show_card(card: ReportCard) -> None:
    if not card.scored:
        st.info(t("rank.drill.unscored", name=card.name, status=card.status))
        return
    cols = st.columns(4)
    cols[0].metric(t("rank.drill.final"), fmt.score(card.final),
                   help=t("rank.drill.category_average", average=fmt.score(card.category_final)))
    with cols[1]:
        st.markdown(predicate_badge(t("rank.drill.predicate"), card.predicate.label
                                    if card.predicate else "–",
                                    card.predicate.colour if card.predicate else None),
                    unsafe_allow_html=True)
    cols[2].metric(t("rank.drill.rank"), t("rank.drill.rank_value", rank=card.rank,
                                           total=fmt.number(card.ranked_in_category)))
    cols[3].metric(t("rank.drill.saq"), fmt.score(card.saq),
                   help=t("rank.drill.saq_help", raw=fmt.score(card.saq_raw)))
    if card.previous is not None and card.previous.final is not None:
        st.caption(t("rank.drill.previous", rank=card.previous.rank or "–",
                     final=fmt.score(card.previous.final),
                     predicate=card.previous.predicate or "–"))
    if card.stages:
        st.caption(" · ".join(t("rank.drill.stage", name=s.name, score=fmt.score(s.score),
                                status=s.status) for s in card.stages))
    if card.indicators:
        st.plotly_chart(figures.indicator_comparison(
            [i.label for i in card.indicators], [i.score for i in card.indicators],
            [i.average for i in card.indicators], title=t("rank.chart.indicators"),
            own_label=fmt.chart_text(card.name), average_label=t("rank.chart.average"),
            score_label=t("rank.chart.score_axis")), key="rank_chart_indicators")
    if card.top_band:
        st.success(t("rank.drill.top"))
    elif card.gap is not None:
        gap = card.gap
        key = "rank.drill.gap" if gap.reachable else "rank.drill.gap_unreachable"
        text = t(key, band=gap.band.label, needed=fmt.score(gap.needed),
                 questions=", ".join(gap.questions) or "–", gain=fmt.score(gap.gain))
        if gap.stages:  # a Markdown list under the paragraph
            text += "\n\n" + "\n".join("- " + _stage_gap(s) for s in gap.stages)
        st.info(text)
    st.markdown(f"**{t('rank.drill.lost_heading')}**")
    if not card.lost:
        st.caption(t("rank.drill.no_lost"))
        return
    st.dataframe(pd.DataFrame({
        t("rank.lost.code"): [x.code for x in card.lost],
        t("rank.lost.question"): [x.text for x in card.lost],
        t("rank.lost.indicator"): [x.indicator for x in card.lost],
        t("rank.lost.earned"): [f"{fmt.score(x.earned)} / {fmt.score(x.possible)}"
                                for x in card.lost],
        t("rank.lost.reason"): [x.reason_text for x in card.lost],
        t("rank.lost.contribution"): [fmt.score(x.contribution) for x in card.lost],
    }), hide_index=True, key="rank_lost", column_config={
        t("rank.lost.question"): st.column_config.TextColumn(width="medium"),
        t("rank.lost.reason"): st.column_config.TextColumn(width="medium"),
        t("rank.lost.contribution"): st.column_config.TextColumn(
            help=t("rank.lost.contribution_help"))})


def show_drilldown(db: Workspace, who: Actor, board: service.Dashboard,
                   category: service.CategoryView) -> None:
    st.subheader(t("rank.section.drilldown"))
    rows = {r.body_id: r for r in category.rows}
    # Names only: a keyed select box keeps showing the label it had when chosen, so a
    # rank or predikat in it would go stale after a verification.
    body_id = st.selectbox(t("rank.drill.pick"), list(rows), key="rank_drill_body",
                           format_func=lambda i: rows[i].name)
    if body_id is None:
        return
    try:
        card = service.drilldown(db, who, board.cycle_id, body_id)
    except ServiceError as error:
        state.show_error(error)
        return
    show_card(card)
    show_body_downloads(db, who, board, rows[body_id])


def later(export: Export, db: Workspace, who: Actor,
          request: Request) -> Callable[[], bytes]:
    """An export written only when its button is clicked (everything it needs is in the
    closure: it runs outside the script thread)."""
    return lambda: export.data(db, who, request)


def show_download(db: Workspace, who: Actor, board: service.Dashboard) -> None:
    """A download button for every export of the whole cycle that `who` may take away
    (:func:`monev.exports.registry`; open data once the results are published)."""
    offered = [e for e in registry()
               if not e.needs_body and e.offered(who, published=board.published)]
    if not offered:
        return
    subject = Subject(board.year, board.ki)
    # A row that wraps, each button as wide as its label (equal columns cut the long ones).
    with st.container(horizontal=True, gap="small"):
        for export in offered:
            st.download_button(
                export.label, data=later(export, db, who, Request(board.cycle_id)),
                file_name=export.file_name(subject), mime=export.media_type,
                on_click="ignore", icon=export.icon, key=f"rank_download_{export.key}",
                help=export.help_for(published=board.published))


def show_body_downloads(db: Workspace, who: Actor, board: service.Dashboard,
                        row: service.Row) -> None:
    """The exports of one badan publik (its report card) for the body in the drill-down:
    a button that prepares the file, then the download of it under its file name."""
    subject = Subject(board.year, board.ki, row.body_id, row.name)
    for export in registry():
        if not export.needs_body or not export.offered(who, published=board.published):
            continue
        key = f"rank_export_{export.key}"
        wanted = (board.cycle_id, row.body_id)
        if st.session_state.get(key) != wanted:
            st.button(export.label, key=f"{key}_prepare", icon=export.icon,
                      help=export.help_for(published=board.published),
                      on_click=st.session_state.__setitem__, args=(key, wanted))
            continue
        name = export.file_name(subject)
        st.download_button(
            name, data=later(export, db, who, Request(board.cycle_id, row.body_id)),
            file_name=name, mime=export.media_type, on_click="ignore",
            icon=":material/download:", key=f"{key}_download")


# -- the page -------------------------------------------------------------------------------

who = state.require_role()
db = state.database()
st.title(t("rank.title"))
cycle = pick_cycle(db, who)
if cycle is None:
    st.stop()
cycle_id = cycle.id
try:
    board = service.dashboard(db, who, cycle_id)
except service.NotPublished:
    st.info(t("rank.not_published", title=cycle.title), icon=":material/hourglass_top:")
    st.stop()
except ServiceError as error:
    state.show_error(error)
    st.stop()

if board.published:
    st.success(t("rank.published", at=fmt.day(board.published_at)),
               icon=":material/verified:")
else:
    st.warning(t("rank.provisional"), icon=":material/pending:")
if board.published_only:
    st.caption(t("rank.scope_only"))
show_download(db, who, board)

left, right = st.columns(2)
categories = left.multiselect(
    t("rank.filter.category"), [c.code for c in board.categories],
    format_func=board.methodology.category_name, placeholder=t("rank.filter.all_categories"),
    key="rank_filter_category")
regions = right.multiselect(t("rank.filter.region"), list(board.regions),
                            placeholder=t("rank.filter.all_regions"),
                            key="rank_filter_region")
view = service.narrow(board, categories=categories, regions=regions)

show_metrics(view)
st.caption(t("rank.apart_caption"))
show_charts(view, (board.cycle_id, board.version, board.published_only, tuple(categories),
                   tuple(regions)))
shown = show_ranking(view)
if shown is not None and shown.rows:
    show_drilldown(db, who, board, shown)
