"""Charts for the report: seaborn bar charts that also work without colour.

The palette is Okabe–Ito (safe for colour-blind readers). Every bar has a dark
outline (contrast against white ≥ 3:1 whatever its fill), series differ by
hatching as well as by colour, and every bar carries its value, so colour is
never the only carrier of meaning. The numbers of every chart are also in a
table beside it.
"""

from __future__ import annotations

import re
import warnings

import matplotlib

matplotlib.use("Agg")  # no display: charts are rendered to PNG only

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from .formatting import format_count, format_percent  # noqa: E402

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
HATCHES = ["", "//", "..", "xx", "\\\\", "--", "++"]
EDGE = "#1a1a1a"

# Legible on a phone: a figure is drawn FIGURE_WIDTH inches wide and shown at most that wide
# (96 CSS px per inch); on a 390 px screen it shrinks to about 366 px, so text of MIN_FONT_PT
# points stays at 11 CSS px or more (12 × 366 / (72 × 5.0) ≈ 12.2; still 11 for a 5.5-inch crop).
FIGURE_WIDTH = 5.0
MIN_FONT_PT = 12.0
VALUE_FONT_PT = MIN_FONT_PT  # the numbers on the bars


def _style() -> None:
    # seaborn's notebook context has 11 pt ticks and legend, 12 pt axis labels: scale so the smallest is MIN_FONT_PT
    sns.set_theme(style="whitegrid", context="notebook", font="DejaVu Sans", font_scale=MIN_FONT_PT / 11)
    plt.rcParams.update({"axes.edgecolor": EDGE, "hatch.color": EDGE, "hatch.linewidth": 0.8})


def legend_above_plot(ax: plt.Axes, handles: list | None = None, labels: list[str] | None = None,
                      most: int = 4) -> matplotlib.legend.Legend:
    """A legend above the plot, right-aligned with it, with as many columns (up to ``most``) as fit on the figure.

    A legend wider than the figure would widen the cropped image, and a wider
    image shrinks more on a phone; so fewer columns are tried until it fits.
    """
    if handles is None or labels is None:
        handles, labels = ax.get_legend_handles_labels()
    figure = ax.figure
    renderer = figure.canvas.get_renderer()
    for columns in range(max(1, min(most, len(labels))), 0, -1):
        legend = ax.legend(handles, labels, title="", loc="lower right", bbox_to_anchor=(1.0, 1.01), ncol=columns,
                           frameon=False)
        with warnings.catch_warnings():  # a legend too wide to lay out is what this loop finds out
            warnings.simplefilter("ignore", UserWarning)
            figure.tight_layout()
        if columns == 1 or legend.get_window_extent(renderer).x0 >= 0:
            break
    for patch, hatch in zip(legend.get_patches(), HATCHES):
        patch.set_hatch(hatch)
        patch.set_edgecolor(EDGE)
    return legend


LABEL_WIDTH = 22  # characters per line of a category label (fits beside the bars of a FIGURE_WIDTH figure)


def wrap_label(label: object, width: int = LABEL_WIDTH) -> str:
    """A category label on lines of at most ``width`` characters, broken only at spaces or after a slash.

    A word is never split (``insatser/vårdåtgärd/rehabilitering`` breaks after a
    slash); a single word longer than ``width`` gets a line of its own.
    """
    lines: list[str] = []
    line = ""
    for word in str(label).split():
        for n, part in enumerate(re.findall(r"[^/]*/|[^/]+", word)):
            joined = (line + ("" if n else " ") + part) if line else part
            if line and len(joined) > width:
                lines.append(line)
                line = part
            else:
                line = joined
    return "\n".join([*lines, line] if line else lines)


def _label_bars(ax: plt.Axes, percent: bool = False, horizontal: bool = False, decimals: int = 0) -> None:
    for container in ax.containers:
        labels = [format_percent(v, decimals) if percent else format_count(v) for v in container.datavalues]
        ax.bar_label(container, labels=labels, padding=2, fontsize=VALUE_FONT_PT)


def bar_chart_by_year(values: pd.Series, ylabel: str) -> plt.Figure:
    """One bar per year (index: years, values: counts)."""
    _style()
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, 3.4))
    frame = pd.DataFrame({"År": [str(y) for y in values.index], "Antal": values.to_numpy()})
    sns.barplot(data=frame, x="År", y="Antal", color=PALETTE[0], edgecolor=EDGE, linewidth=1, ax=ax)
    _label_bars(ax)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))  # small counts: no 2,5 shown as "3"
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: format_count(v)))
    sns.despine(ax=ax)
    fig.tight_layout()
    return fig


def grouped_bar_chart(table: pd.DataFrame, xlabel: str, percent: bool = False, legend_above: bool = False,
                      decimals: int = 0) -> plt.Figure:
    """Horizontal bars: one group per row of ``table``, one bar per column (e.g. years).

    ``legend_above`` puts the legend above the plot, where it cannot cover long bars (shares near 100 %);
    ``decimals`` is the number of decimals of the shares on the bars.
    """
    _style()
    long = table.reset_index(names="Kategori").melt(id_vars="Kategori", var_name="Serie", value_name="Värde")
    long["Kategori"] = long["Kategori"].map(wrap_label)
    long["Serie"] = long["Serie"].astype(str)
    series = list(dict.fromkeys(long["Serie"]))
    height = max(3.0, 0.36 * len(table) * max(1, len(series)) + 1.3)
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, height))
    sns.barplot(
        data=long, y="Kategori", x="Värde", hue="Serie", hue_order=series,
        palette=PALETTE[: len(series)], edgecolor=EDGE, linewidth=1, ax=ax, orient="h",
    )
    for container, hatch in zip(ax.containers, HATCHES):
        for bar in container:
            bar.set_hatch(hatch)
    _label_bars(ax, percent=percent, decimals=decimals)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    if legend_above:
        legend_above_plot(ax, most=len(series))
    else:
        legend = ax.legend(title="", loc="lower right", frameon=True)
        for patch, hatch in zip(legend.get_patches(), HATCHES):
            patch.set_hatch(hatch)
            patch.set_edgecolor(EDGE)
    # Few ticks (wide Swedish numbers such as "100 %" must not collide on a narrow figure); whole numbers for counts.
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(25) if percent and table.max().max() <= 100
                               else matplotlib.ticker.MaxNLocator(nbins=4 if percent else 5, integer=not percent))
    ax.xaxis.set_major_formatter(
        matplotlib.ticker.FuncFormatter(lambda v, _: format_percent(v) if percent else format_count(v))
    )
    ax.margins(x=0.12)
    sns.despine(ax=ax)
    fig.tight_layout()
    return fig


TARGET_STYLES = ["--", ":", "-."]  # one line style per kind of target, so no target is told apart by colour alone


def bar_chart_with_targets(table: pd.DataFrame, targets: dict[str, pd.Series], xlabel: str) -> plt.Figure:
    """Horizontal bars of shares (rows: categories, columns: series such as years) with target lines per category.

    ``targets`` maps a legend label (``Nationellt målvärde``) to a target per
    row of ``table`` (NaN: no such target for that row); each kind is drawn as
    a black line across its category in its own line style, and named in the
    legend. The axis runs from 0 to 100 %.
    """
    _style()
    long = table.reset_index(names="Kategori").melt(id_vars="Kategori", var_name="Serie", value_name="Värde")
    labels = {str(label): wrap_label(label) for label in table.index}
    long["Kategori"] = long["Kategori"].map(lambda label: labels[str(label)])
    long["Serie"] = long["Serie"].astype(str)
    series = list(dict.fromkeys(long["Serie"]))
    height = max(3.0, 0.4 * len(table) * max(1, len(series)) + 1.7)
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTH, height))
    sns.barplot(data=long, y="Kategori", x="Värde", hue="Serie", hue_order=series, order=list(labels.values()),
                palette=PALETTE[: len(series)], edgecolor=EDGE, linewidth=1, ax=ax, orient="h")
    for container, hatch in zip(ax.containers, HATCHES):
        for bar in container:
            bar.set_hatch(hatch)
    _label_bars(ax, percent=True)
    for label in ax.texts:  # values stay readable where a target line crosses them
        label.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 0.6})
        label.set_zorder(6)
    handles, names = ax.get_legend_handles_labels()
    for (name, values), style in zip(targets.items(), TARGET_STYLES):
        drawn = False
        for position, value in enumerate(values.reindex(table.index)):
            if pd.notna(value):
                ax.vlines(float(value), position - 0.45, position + 0.45, colors=EDGE, linestyles=style, linewidth=2.2, zorder=5)
                drawn = True
        if drawn:
            handles.append(matplotlib.lines.Line2D([], [], color=EDGE, linestyle=style, linewidth=2.2))
            names.append(name)
    legend_above_plot(ax, handles, names, most=2)
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: format_percent(v)))
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    sns.despine(ax=ax)
    fig.tight_layout()
    return fig


LABEL_ROOM = 15.0  # about the width of a label such as "89,4 %" on a 0–100 % axis of a FIGURE_WIDTH figure


def mark_targets(figure: plt.Figure, targets: list[float | None], label: str = "Mål", columns: int = 2,
                 decimals: int = 0) -> plt.Figure:
    """Each series' target as a dark vertical stroke across its bars (``targets`` in column order; None: no target).

    For a percent ``grouped_bar_chart`` with one series per measure: the
    target is a shape, not a colour, and the legend (above the plot) names
    it. A bar's value label sits at the bar's end, or just right of the
    stroke when the stroke would cross it (a target a little beyond the bar).
    """
    from matplotlib.lines import Line2D

    ax = figure.axes[0]
    drawn = False
    for text in list(ax.texts):
        text.remove()
    for container, target in zip(ax.containers, targets):
        for bar, value in zip(container, container.datavalues):
            middle = bar.get_y() + bar.get_height() / 2
            if target is not None:
                ax.vlines(target, bar.get_y() - 0.04, bar.get_y() + bar.get_height() + 0.04, colors=EDGE, linewidth=2.4, zorder=5)
                drawn = True
            crossed = target is not None and 0 < target - value < LABEL_ROOM
            end = target if crossed else value
            ax.annotate(format_percent(value, decimals), (end, middle), xytext=(4, 0), textcoords="offset points",
                        va="center", ha="left", fontsize=VALUE_FONT_PT)
    old = ax.get_legend()
    handles, labels = list(old.legend_handles), [t.get_text() for t in old.get_texts()]
    if drawn:
        handles.append(Line2D([], [], color=EDGE, linewidth=0, marker="|", markersize=14, markeredgewidth=2.4))
        labels.append(label)
    legend_above_plot(ax, handles, labels, most=columns)
    figure.tight_layout()
    return figure
