"""Interactive Plotly figures of the ranking dashboard (the app shows them with
``st.plotly_chart``; the PDF reports use :mod:`reports.charts`).

Figures take plain data — labels, colours, numbers — and never read the database. Every
figure uses Indonesian separators (``layout.separators=",."``: ``89,95``, ``1.234``) and
Indonesian labels; scores are shown with two decimals.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import plotly.graph_objects as go

from reports.numbers import plain, score

SEPARATORS = ",."  # decimal comma, thousands dot
APART_COLOUR = "#9E9E9E"  # badan publik without a score (shown apart from the bands)
OWN_COLOUR = "#1565C0"
AVERAGE_COLOUR = "#B0BEC5"
FONT = {"family": "Source Sans Pro, sans-serif", "size": 13}

Number = Decimal | float | int


def _float(value: Number | None) -> float | None:
    return None if value is None else float(value)


def _layout(fig: go.Figure, *, title: str = "", height: int = 360) -> go.Figure:
    fig.update_layout(
        separators=SEPARATORS, font=FONT, height=height,
        title={"text": title, "x": 0, "xanchor": "left"} if title else None,
        margin={"l": 10, "r": 10, "t": 48 if title else 16, "b": 10},
        plot_bgcolor="white", paper_bgcolor="white",
        hoverlabel={"font": FONT}, legend={"orientation": "h", "y": -0.15})
    return fig


def predicate_counts(bands: Sequence[tuple[str, str, int]],
                     apart: Sequence[tuple[str, int]] = (), *,
                     title: str = "Jumlah badan publik per predikat",
                     count_label: str = "Jumlah badan publik",
                     scored_label: str = "Dinilai",
                     apart_label: str = "Tidak dinilai") -> go.Figure:
    """Bars of the number of badan publik per predikat, each in its band colour
    (`bands`: label, colour, count, high → low); badan publik that were not scored
    (`apart`: status label, count) follow in grey, as a group of their own."""
    fig = go.Figure()
    fig.add_bar(
        x=[label for label, _, _ in bands], y=[count for _, _, count in bands],
        marker_color=[colour for _, colour, _ in bands], name=scored_label,
        text=[count for _, _, count in bands], textposition="outside",
        hovertemplate="%{x}: %{y:,d} badan publik<extra></extra>")
    if apart:
        fig.add_bar(
            x=[label for label, _ in apart], y=[count for _, count in apart],
            marker_color=APART_COLOUR, name=apart_label,
            text=[count for _, count in apart], textposition="outside",
            hovertemplate="%{x}: %{y:,d} badan publik<extra></extra>")
    top = max([c for _, _, c in bands] + [c for _, c in apart] + [1])
    fig.update_yaxes(title=count_label, rangemode="tozero", range=[0, top * 1.18],
                     tickformat=",d", gridcolor="#EEEEEE")
    fig.update_xaxes(title=None)
    fig.update_layout(showlegend=bool(apart), bargap=0.25)
    return _layout(fig, title=title)


def score_distribution(categories: Sequence[tuple[str, Sequence[Number]]],
                       bands: Sequence[tuple[str, Number, str]] = (), *,
                       title: str = "Sebaran nilai akhir per kategori",
                       score_label: str = "Nilai akhir") -> go.Figure:
    """A box with every point per category (`categories`: name, final scores), with the
    lower bound of each predikat (`bands`: label, lower, colour) as a dashed line."""
    fig = go.Figure()
    for name, finals in categories:
        values = [float(v) for v in finals]
        fig.add_box(
            x=[name] * len(values), y=values, name=name, boxpoints="all", jitter=0.4,
            pointpos=0, marker={"size": 5, "opacity": 0.55, "color": OWN_COLOUR},
            line={"color": "#37474F"}, fillcolor="rgba(176,190,197,0.35)",
            hovertemplate=f"{name}<br>{score_label}: %{{y:.2f}}<extra></extra>",
            showlegend=False)
    for label, lower, colour in bands:
        if float(lower) <= 0:
            continue
        fig.add_hline(y=float(lower), line={"color": colour, "dash": "dash", "width": 1},
                      annotation={"text": f"{label} ≥ {plain(lower)}",
                                  "font": {"size": 11, "color": colour}},
                      annotation_position="top left")
    fig.update_yaxes(title=score_label, range=[0, 102], tickformat=",.0f",
                     gridcolor="#EEEEEE")
    fig.update_xaxes(title=None)
    return _layout(fig, title=title, height=380)


def indicator_comparison(labels: Sequence[str], scores: Sequence[Number | None],
                         averages: Sequence[Number | None], *,
                         title: str = "Nilai per indikator",
                         own_label: str = "Badan publik ini",
                         average_label: str = "Rata-rata kategori",
                         score_label: str = "Nilai (0–100)") -> go.Figure:
    """Horizontal bars of a badan publik's indicator scores beside its category's average
    (missing values are left out)."""
    order = list(reversed(labels))  # first indicator on top
    own = [_float(v) for v in reversed(scores)]
    avg = [_float(v) for v in reversed(averages)]
    fig = go.Figure()
    fig.add_bar(y=order, x=avg, orientation="h", name=average_label,
                marker_color=AVERAGE_COLOUR,
                hovertemplate=f"%{{y}}<br>{average_label}: %{{x:.2f}}<extra></extra>")
    fig.add_bar(y=order, x=own, orientation="h", name=own_label, marker_color=OWN_COLOUR,
                text=[None if v is None else score(v) for v in own],
                textposition="outside",
                hovertemplate=f"%{{y}}<br>{own_label}: %{{x:.2f}}<extra></extra>")
    fig.update_xaxes(title=score_label, range=[0, 112], tickformat=",.0f",
                     gridcolor="#EEEEEE")
    fig.update_yaxes(title=None, automargin=True)
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05,
                      legend={"traceorder": "reversed"})
    return _layout(fig, title=title, height=max(260, 70 + 46 * len(labels)))
