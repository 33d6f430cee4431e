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

from reports.formatting import plain, score

SEPARATORS = ",."  # decimal comma, thousands dot
APART_COLOUR = "#9E9E9E"  # badan publik without a score (shown apart from the bands)
OWN_COLOUR = "#1565C0"
AVERAGE_COLOUR = "#B0BEC5"
FONT = {"family": "Source Sans Pro, sans-serif", "size": 13}

Number = Decimal | float | int


def _float(value: Number | None) -> float | None:
    return None if value is None else float(value)


def wrap(text: str, width: int = 22) -> str:
    """Long axis labels over several lines (Plotly breaks lines only at ``<br>``)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


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
    """Horizontal bars of the number of badan publik per predikat, each in its band colour
    (`bands`: label, colour, count, high → low, drawn top to bottom); badan publik that
    were not scored (`apart`: status label, count) follow below in grey, as a group of
    their own."""
    fig = go.Figure()
    labels = [label for label, _, _ in bands] + [label for label, _ in apart]
    fig.add_bar(
        y=[label for label, _, _ in bands], x=[count for _, _, count in bands],
        orientation="h", marker_color=[colour for _, colour, _ in bands], name=scored_label,
        text=[count for _, _, count in bands], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:,d} badan publik<extra></extra>")
    if apart:
        fig.add_bar(
            y=[label for label, _ in apart], x=[count for _, count in apart],
            orientation="h", marker_color=APART_COLOUR, name=apart_label,
            text=[count for _, count in apart], textposition="outside", cliponaxis=False,
            hovertemplate="%{y}: %{x:,d} badan publik<extra></extra>")
    top = max([c for _, _, c in bands] + [c for _, c in apart] + [1])
    # Whole numbers only: with small counts Plotly would put ticks at 0,5 steps and the
    # integer format would show them as "0 1 1".
    fig.update_xaxes(title=count_label, rangemode="tozero", range=[0, top * 1.15],
                     tickformat=",d", gridcolor="#EEEEEE",
                     **({"dtick": 1} if top <= 10 else {}))
    fig.update_yaxes(title=None, categoryorder="array", categoryarray=labels[::-1],
                     automargin=True)
    _layout(fig, title=title, height=max(280, 90 + 34 * len(labels)))
    fig.update_layout(showlegend=False, bargap=0.3)
    return fig


def score_distribution(categories: Sequence[tuple[str, Sequence[Number]]],
                       bands: Sequence[tuple[str, Number, str]] = (), *,
                       title: str = "Sebaran nilai akhir per kategori",
                       score_label: str = "Nilai akhir") -> go.Figure:
    """A horizontal box with every point per category (`categories`: name, final scores,
    drawn top to bottom), with the lower bound of each predikat (`bands`: label, lower,
    colour) as a dashed line in the band's colour, its bound written above the plot."""
    fig = go.Figure()
    for name, finals in reversed(categories):
        values = [float(v) for v in finals]
        fig.add_box(
            y=[wrap(name, 18)] * len(values), x=values, name=name, orientation="h", boxpoints="all",
            jitter=0.5, pointpos=0, marker={"size": 5, "opacity": 0.6, "color": OWN_COLOUR},
            line={"color": "#37474F", "width": 1.5}, fillcolor="rgba(176,190,197,0.35)",
            hovertemplate=f"{name}<br>{score_label}: %{{x:.2f}}<extra></extra>",
            showlegend=False)
    for label, lower, colour in bands:
        if float(lower) <= 0:
            continue
        fig.add_vline(x=float(lower), line={"color": colour, "dash": "dash", "width": 1.5})
        fig.add_annotation(x=float(lower), y=1, yref="paper", yanchor="bottom",
                           xanchor="center", showarrow=False, text=plain(lower),
                           hovertext=f"{label} ≥ {plain(lower)}",
                           font={"size": 11, "color": colour})
    fig.update_xaxes(title=score_label, range=[0, 101], tickformat=",.0f",
                     gridcolor="#EEEEEE", dtick=20)
    fig.update_yaxes(title=None, automargin=True)
    _layout(fig, title=title, height=max(280, 110 + 52 * len(categories)))
    fig.update_layout(margin={"t": 70 if title else 36})
    return fig


def indicator_comparison(labels: Sequence[str], scores: Sequence[Number | None],
                         averages: Sequence[Number | None], *,
                         title: str = "Nilai per indikator",
                         own_label: str = "Badan publik ini",
                         average_label: str = "Rata-rata kategori",
                         score_label: str = "Nilai (0–100)") -> go.Figure:
    """Horizontal bars of a badan publik's indicator scores beside its category's average
    (missing values are left out)."""
    order = [wrap(label, 28) for label in reversed(labels)]  # first indicator on top
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
