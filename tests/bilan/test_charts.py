"""Server-side SVG charts: accessible names, proportions, edge cases."""

from __future__ import annotations

import re

from app.bilan import charts
from app.bilan.charts import Item


def _bars(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect x="250" y="[\d.]+" width="([\d.]+)"', svg)]


def test_bar_chart_is_a_labelled_image_with_proportional_bars():
    svg = charts.bar_chart(
        [Item("Travailler", 40, "40"), Item("Se loger", 10, "10"), Item("Préserver <&>", 0, "0")],
        "Par thématique",
        "g1",
    )
    assert svg.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'id="g1" aria-labelledby="g1-title g1-desc"'
    )
    assert '<title id="g1-title">Par thématique</title>' in svg
    assert '<desc id="g1-desc">Travailler : 40 ; Se loger : 10 ; Préserver &lt;&amp;&gt; : 0' in svg
    widths = _bars(svg)
    assert widths[0] == 4 * widths[1] and widths[2] == 0


def test_long_labels_wrap_on_two_lines():
    svg = charts.bar_chart(
        [Item("Création, reprise et consolidation d'entreprises", 3, "3")], "Secteurs", "g2"
    )
    assert ">Création, reprise et consolidation<" in svg
    assert ">d&#39;entreprises<" in svg


def test_column_chart_and_empty_data():
    svg = charts.column_chart([Item("2008", 950, "950"), Item("2011", 1732, "1 732")], "Progression", "g3")
    heights = [float(h) for h in re.findall(r'height="([\d.]+)" fill=', svg)]
    assert heights[1] == 196.0 and round(heights[0], 1) == round(196 * 950 / 1732, 1)
    empty = charts.column_chart([], "Rien", "g4")
    assert "Aucune donnée." in empty


def test_pie_chart_legend_states_values_and_shares():
    svg = charts.pie_chart(
        [Item("Association", 3, "3", "#1d4e89"), Item("Mutuelle", 1, "1", "#8a3b12")], "Familles", "g5"
    )
    assert svg.count("<path ") == 2
    assert "Association : 3 (75,0\u00a0%)" in svg and "Mutuelle : 1 (25,0\u00a0%)" in svg
    whole = charts.pie_chart([Item("Association", 2, "2")], "Familles", "g6")
    assert "<circle" in whole and "<path" not in whole
