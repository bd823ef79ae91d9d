"""Click → updated page in Chromium: a walker answer (Next) against a quiz answer (Check answer), same run.

The server's part of a click is small (`rerun_ws`); this measures what a student waits for in the browser:
from the click to the first frame that shows the new state — for the walker the next question's heading and
the flowchart marking it as the question now, for the quiz the verdict. The clock runs in the page
(`performance.now()`), checked once per animation frame, so a long redraw on the main thread counts in full.
"""

from __future__ import annotations

import argparse
import statistics

from benchmarks.common import chromium, print_table, running_server, write_results
from vcf_ui.page_registry import QUIZ, WALKER

# Answers up to the pain question; the walk then asks whether surgery is contraindicated.
WALKER_LINK = WALKER.url({"nd": "n", "cc": "n", "si": "n", "mal": "none", "worse": "n", "def": "n", "pul": "n",
                          "pain": "8", "wk": "14"})
WALKER_OPTION = "No, surgery would be possible"
WALKER_NEXT_QUESTION = "Does MRI show bone-marrow edema"
WALKER_NEXT_NODE = "augmentation_imaging"

# Clicks `button`, then resolves with the milliseconds until the first frame where `done()` holds.
TIMED_CLICK = """
async ([buttonName, doneSource]) => {
  const done = new Function(doneSource);
  const button = [...document.querySelectorAll("button")].find(b => b.innerText.trim().startsWith(buttonName));
  const start = performance.now();
  button.click();
  return await new Promise((resolve, reject) => {
    const frame = () => {
      if (done()) { resolve(performance.now() - start); return; }
      if (performance.now() - start > 20000) { reject(new Error("no update within 20 s")); return; }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}
"""
NOT_RUNNING = 'document.querySelector("[data-testid=stApp]").dataset.testScriptState === "notRunning"'
# The flowchart has changed when its picture (`img`, drawn on the server) marks the next question as the question now.
WALKER_DONE = rf"""
const heading = document.querySelector(".st-key-walker_step h2");
const picture = document.querySelector(".st-key-walker_flowchart img");
const svg = picture && picture.complete && picture.naturalWidth > 0 ? atob(picture.src.split(",")[1]) : "";
const box = svg.match(/id="node-{WALKER_NEXT_NODE}"[^]*?<\/g>/);
const drawn = !!box && box[0].includes("#F0E442");
return !!heading && heading.innerText.includes("{WALKER_NEXT_QUESTION}") && drawn && {NOT_RUNNING};
"""
QUIZ_DONE = f"""
const text = document.querySelector("[data-testid=stMain]").innerText;
return (text.includes("Right:") || text.includes("Not quite.")) && {NOT_RUNNING};
"""


def settle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_timeout(300)


def walker_click(page, base_url: str) -> float:
    page.goto(f"{base_url}{WALKER_LINK}")
    page.get_by_text(WALKER_OPTION, exact=True).wait_for(timeout=60_000)
    page.get_by_text(WALKER_OPTION, exact=True).click()
    settle(page)
    return page.evaluate(TIMED_CLICK, ["Next", WALKER_DONE])


def quiz_click(page, base_url: str, seed: int) -> float:
    page.goto(f"{base_url}{QUIZ.url({'seed': str(seed)})}")
    page.get_by_text("What is the next step?").wait_for(timeout=60_000)
    page.get_by_role("radio").first.check(force=True)
    settle(page)
    return page.evaluate(TIMED_CLICK, ["Check answer", QUIZ_DONE])


def run(repeats: int) -> dict:
    walker, quiz = [], []
    with running_server() as base_url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        walker_click(page, base_url)  # warm-up: imports, first chart, JavaScript compiled
        quiz_click(page, base_url, 0)
        for i in range(repeats):  # alternate, so both see the same machine load
            walker.append(walker_click(page, base_url))
            quiz.append(quiz_click(page, base_url, i + 1))
    walker_median, quiz_median = statistics.median(walker), statistics.median(quiz)
    rows = [["walker answer (Next → next question and flowchart)", len(walker), walker_median, max(walker)],
            ["quiz answer (Check answer → verdict)", len(quiz), quiz_median, max(quiz)]]
    print_table("Click → updated page in Chromium, ms (1280×720)", ["click", "n", "median", "max"], rows)
    print(f"\nwalker / quiz: {walker_median / quiz_median:.2f}× (target ≤ 1.5×)")
    return {"walker_ms": walker, "quiz_ms": quiz, "walker_median_ms": walker_median,
            "quiz_median_ms": quiz_median, "ratio": walker_median / quiz_median}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=12)
    args = parser.parse_args(argv)
    write_results("click_update", run(args.repeats))


if __name__ == "__main__":
    main()
