"""The cold-start benchmark's readers of py-spy and Chromium profiles, on small profiles in their formats."""

from __future__ import annotations

import json

from benchmarks.cold_start import main_thread_cpu
from benchmarks.profile_server import summarise


def test_a_threads_samples_are_read_apart_from_the_others(tmp_path):
    collapsed = tmp_path / "profile.txt"
    collapsed.write_text(
        "thread (0x1): ScriptRunner.scriptThread;run (threading.py:982);show_chart (vcf_ui/explorer_view.py:141) 3\n"
        "thread (0x1): ScriptRunner.scriptThread;run (threading.py:982);html (elements/html.py:162) 1\n"
        "thread (0x2): vcf-preload;run (threading.py:982);preload (vcf_ui/serve.py:51) 5\n", encoding="utf-8")
    total, inclusive, own = summarise(collapsed, 10, thread="ScriptRunner.scriptThread")
    assert total == 4
    assert dict(inclusive) == {"run (threading.py)": 100.0, "show_chart (vcf_ui/explorer_view.py)": 75.0,
                               "html (elements/html.py)": 25.0}, "the thread's own line is not a frame"
    assert dict(own)["html (elements/html.py)"] == 25.0
    assert summarise(collapsed, 10, thread="vcf-preload")[0] == 5


def test_the_browsers_cpu_is_counted_by_script(tmp_path):
    def node(number, url="", function="f"):
        return {"id": number, "callFrame": {"url": url, "functionName": function}}
    chunk = {"cpuProfile": {"nodes": [node(1, function="(idle)"), node(2, "http://h/static/js/PlotlyChart.D9Z0.js"),
                                      node(3, "http://h/static/js/react-dom.Dzbs.js")],
                            "samples": [1, 2, 2, 3]},
             "timeDeltas": [500_000, 250_000, 250_000, 100_000]}
    trace = tmp_path / "trace.json"
    trace.write_text(json.dumps({"traceEvents": [{"name": "ProfileChunk", "args": {"data": chunk}}]}), encoding="utf-8")
    assert main_thread_cpu(trace) == {"PlotlyChart": 0.5, "(idle)": 0.5, "react-dom": 0.1}
