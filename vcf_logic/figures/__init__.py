"""Pure figure builders for the evidence explorer: data-file rows in, a ChartSpec (Plotly figure + text) out."""
