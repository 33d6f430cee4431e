"""Streamlit's own chrome in Bahasa Indonesia, with decimal commas, or hidden where it cannot be.

Streamlit (1.67) has no language setting. Its frame ("Skip to main content", "Running...",
"Collapse sidebar"), its widgets' texts (the uploader's "Upload", "Drag and drop files
here", "200MB per file" and file sizes "22.3KB"; "Help for …" on every help icon; "Choose
an option", "No results"; "Show password"; "Choose date" and the date field's "dd / mm /
yyyy"), the table toolbar ("Download as CSV", "Search", "Fullscreen"), a table's column
menu and Plotly's chart toolbar ("Download plot as a PNG", "Zoom in") are English, and
``st.file_uploader`` takes no texts for them (streamlit/streamlit#13500 asks for it).

What configuration covers, it does (``.streamlit/config.toml``): ``client.toolbarMode =
"viewer"`` (no developer items). Not ``"minimal"``: it would hide the ⋮ menu, but also
the indicator that a page is still working, which users need during a long import or
export. Dates are written ``DD/MM/YYYY`` (``st.date_input(format=…)``), Plotly figures
carry Indonesian separators (:mod:`reports.figures`).

The rest is done on the page, by :func:`hide_chrome` (called by ``app.py`` on every run):

1. a style sheet (:func:`style_sheet`) hides the ⋮ menu (Print, Record screen, Made with
   Streamlit, the theme), the status widget's buttons ("Stop"; "Rerun" after a code
   change: the running indicator itself stays) and the "Press Enter to apply" hint under
   text fields (every form has its own button);
2. a script (:func:`script`) that
   - sets the page's language: ``<html lang="id">`` (screen readers read Indonesian with an
     Indonesian voice), the browser's language as Streamlit reads it
     (``navigator.language`` / ``navigator.languages`` = ``id-ID``) and the default of
     ``toLocaleString`` for numbers and dates. Streamlit's own formatting is then
     Indonesian whatever the browser's language: the date calendar's months and weekdays,
     ``st.column_config`` ``"percent"`` / ``"localized"`` numbers (``19,35%``), a table's
     column statistics;
   - replaces every English text of Streamlit's with its Indonesian text from the catalog
     (:data:`EXACT`, :data:`PATTERNS`), in text and in the attributes screen readers and
     tooltips read (:data:`ATTRIBUTES`: ``aria-label``, ``title``, ``placeholder``,
     Plotly's ``data-title`` …), numbers with a decimal comma ("22.3KB" → "22,3 KB"). The
     date field is en-US whatever the language: its parts' placeholders ``dd / mm / yyyy``
     read ``hh / bb / tttt`` (:data:`DATE_PARTS`), its dates ``31 Juli 2025``;
   - keeps doing so: a ``MutationObserver`` on the whole document translates whatever
     Streamlit (React) adds or changes later — a rerun, a tooltip, a popover, a chip.
     It only sets text and attributes, never moves or removes nodes, so React's own
     updates keep working (and are translated again).

Text of the app's own content (Markdown, tables, cells, options: :data:`APP_CONTENT`) is
never touched, even where it happens to equal an English word. So a table's cell keeps
what the app gave it: for a ``ProgressColumn`` the grid draws ``19,35%`` but its
screen-reader copy holds the raw fraction (``0.1935…``); a page that cares shows the
percentage as text.

Should a later Streamlit change a text, the English shows again:
``tests/e2e/test_streamlit_chrome_browser.py`` visits every page of every role and fails on
English chrome; ``tests/e2e/test_chrome_script_browser.py`` checks the script itself in
Chromium, ``tests/ui/test_chrome_plan.py`` the table.
"""

from __future__ import annotations

import json
import re

import streamlit as st
from babel import Locale

from reports import formatting
from ui.text import TEXT

LANGUAGE = "id"
LOCALES = ("id-ID", "id")
# Attributes that are shown (title, placeholder, Plotly's data-title as a tooltip) or read
# out (aria-*) and hold Streamlit's English.
ATTRIBUTES = ("aria-label", "title", "placeholder", "data-title", "aria-roledescription",
              "aria-valuetext", "alt")
# The app's own content: its text nodes are left as they are.
APP_CONTENT = ('[data-testid="stMarkdown"], [data-testid="stHeading"], '
               '[data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"], '
               '[data-testid="stTable"], [data-testid="stCode"], [data-testid="stJson"], '
               '[data-testid="stMetricValue"], [data-testid="stMetricLabel"], '
               '[role="gridcell"], [role="option"][data-key]:not([data-key^="__"]), '
               '[data-testid="stFileChipName"], script, style, textarea, '
               '[contenteditable="true"]:not([role="spinbutton"]), '
               # an icon's name is its glyph (a ligature): "link" must stay "link"
               '[data-testid="stIconMaterial"], [translate="no"]')
# A part of a date field (day, month, year): its placeholder is English whatever the
# language ("dd / mm / yyyy": Streamlit's field is always en-US), translated by DATE_PARTS.
DATE_PART = '[role="spinbutton"][data-type]'
DATE_PARTS: dict[str, str] = {"dd": "chrome.date.part.day", "mm": "chrome.date.part.month",
                              "yyyy": "chrome.date.part.year"}
# English month names (in a date Streamlit's date field writes) → Indonesian, from Babel.
MONTHS: dict[str, str] = {
    Locale.parse("en").months["format"]["wide"][number]: name
    for number, name in formatting.LOCALE.months["format"]["wide"].items()}

# Streamlit's text, whole (trimmed) → catalog key.
EXACT: dict[str, str] = {
    # the frame
    "Skip to main content": "chrome.skip",
    "Main menu": "chrome.menu",
    "Running...": "chrome.running",
    "Stop": "chrome.stop",
    "Stop script": "chrome.stop",
    "Stopping...": "chrome.stopping",
    "Rerun": "chrome.rerun",
    "Always rerun": "chrome.rerun_always",
    "Sidebar": "chrome.sidebar",
    "Collapse sidebar": "chrome.sidebar.collapse",
    "Expand sidebar": "chrome.sidebar.expand",
    "App pages": "chrome.pages",
    "View less": "chrome.pages.less",
    "Navigate to home page": "chrome.home",
    "Link to heading": "chrome.heading_link",
    "Help": "chrome.help",
    "Notifications": "chrome.notifications",
    "Close": "chrome.close",
    "Dismiss": "chrome.close",
    "Connecting": "chrome.connecting",
    "Connection error": "chrome.connection_error",
    "Connection lost. Please wait for the app to reconnect, then try again.":
        "chrome.connection_lost",
    "Please wait...": "chrome.wait",
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in "
    "your terminal:": "chrome.server_gone",
    "Streamlit server is not responding. Are you connected to the internet?":
        "chrome.server_silent",
    "Page not found": "chrome.page_missing",
    "The page that you have requested does not seem to exist. Running the app's main page.":
        "chrome.page_missing.text",
    "Scroll tabs left": "chrome.tabs.left",
    "Scroll tabs right": "chrome.tabs.right",
    "progress": "chrome.progress",
    # element toolbar, tables
    "Fullscreen": "chrome.fullscreen",
    "Close fullscreen": "chrome.fullscreen.close",
    "Download as CSV": "chrome.table.csv",
    "Search": "chrome.table.search",
    "Type to search": "chrome.table.search.type",
    "Close Search": "chrome.table.search.close",
    "Next Result": "chrome.table.search.next",
    "Previous Result": "chrome.table.search.previous",
    "Show/hide columns": "chrome.table.columns",
    "Dataframe column menu": "chrome.table.column_menu",
    "Sort ascending": "chrome.table.sort_up",
    "Sort descending": "chrome.table.sort_down",
    "Autosize": "chrome.table.autosize",
    "Pin column": "chrome.table.pin",
    "Unpin column": "chrome.table.unpin",
    "Hide column": "chrome.table.hide",
    "Copy column name": "chrome.table.copy_name",
    "Statistics": "chrome.table.statistics",
    "Loading...": "chrome.table.loading",
    "Empty": "chrome.table.empty",
    "No data": "chrome.table.no_data",
    "Automatic": "chrome.table.format.automatic",
    "Localized": "chrome.table.format.localized",
    "Plain": "chrome.table.format.plain",
    "Percent": "chrome.table.format.percent",
    "Scientific": "chrome.table.format.scientific",
    "Engineering": "chrome.table.format.engineering",
    "Accounting": "chrome.table.format.accounting",
    "Compact": "chrome.table.format.compact",
    "Dollar": "chrome.table.format.dollar",
    "Duration": "chrome.table.format.duration",
    "Distance": "chrome.table.format.distance",
    "Range": "chrome.table.stat.range",
    "Count": "chrome.table.stat.count",
    "Distinct": "chrome.table.stat.distinct",
    "Average": "chrome.table.stat.average",
    "Standard deviation": "chrome.table.stat.deviation",
    "25th percentile": "chrome.table.stat.q25",
    "75th percentile": "chrome.table.stat.q75",
    "Sum": "chrome.table.stat.sum",
    "Maximum": "chrome.table.stat.max",
    # a column's type (a tooltip in its menu)
    "text": "chrome.table.kind.text",
    "number": "chrome.table.kind.number",
    "checkbox": "chrome.table.kind.checkbox",
    "selectbox": "chrome.table.kind.selectbox",
    "multiselect": "chrome.table.kind.multiselect",
    "link": "chrome.table.kind.link",
    "image": "chrome.table.kind.image",
    "list": "chrome.table.kind.list",
    "date": "chrome.table.kind.date",
    "datetime": "chrome.table.kind.datetime",
    "time": "chrome.table.kind.time",
    "line_chart": "chrome.table.kind.chart",
    "bar_chart": "chrome.table.kind.chart",
    "area_chart": "chrome.table.kind.chart",
    "object": "chrome.table.kind.object",
    "Average length": "chrome.table.stat.average_length",
    "Minimum length": "chrome.table.stat.min_length",
    "Maximum length": "chrome.table.stat.max_length",
    "Based on sample": "chrome.table.stat.sample",
    "Values": "chrome.table.stat.values",
    "True": "chrome.table.stat.true",
    "False": "chrome.table.stat.false",
    "Top values frequency chart": "chrome.table.stat.top",
    "Distribution histogram": "chrome.table.stat.histogram",
    # select boxes
    "Choose an option": "chrome.select.one",
    "Choose options": "chrome.select.many",
    "Add an option": "chrome.select.add_one",
    "Add options": "chrome.select.add_many",
    "Choose or add an option": "chrome.select.choose_or_add",
    "Choose or add options": "chrome.select.choose_or_add",
    "No options to select": "chrome.select.none",
    "No options": "chrome.select.none",
    "No results": "chrome.select.no_results",
    "Open": "chrome.select.open",
    "Clear value": "chrome.select.clear",
    "Clear entry": "chrome.select.clear",
    "Clear all": "chrome.select.clear_all",
    "Clear selection": "chrome.select.clear_all",
    "Select all": "chrome.select.all",
    "Selected values": "chrome.select.selected",
    "Selectbox options": "chrome.select.options",
    "Multiselect options": "chrome.select.options",
    "Select...": "chrome.date.select",
    # text and number fields
    "Show password": "chrome.password.show",
    "Hide password": "chrome.password.hide",
    "Increment": "chrome.number.up",
    "Decrement": "chrome.number.down",
    "Number is above the allowed range.": "chrome.number.above_short",
    "Number is below the allowed range.": "chrome.number.below_short",
    # dates
    "Choose date": "chrome.date.choose",
    "Choose date range": "chrome.date.choose_range",
    "Clear date": "chrome.date.clear",
    "Clear dates": "chrome.date.clear_range",
    "Use arrow keys to navigate dates. Enter to select. Escape to close.": "chrome.date.keys",
    "Previous month": "chrome.date.previous",
    "Next month": "chrome.date.next",
    "Previous": "chrome.date.previous",
    "Next": "chrome.date.next",
    "Calendar": "chrome.date.calendar",
    "Selected date unavailable.": "chrome.date.unavailable",
    "First available date": "chrome.date.first",
    "Last available date": "chrome.date.last",
    # file uploader
    "Upload": "chrome.upload.button",
    "Add files": "chrome.upload.add",
    "Drag and drop files here": "chrome.upload.drop",
    "Drag and drop a file here": "chrome.upload.drop",
    "Drag and drop directories here": "chrome.upload.drop_folders",
    "Upload directories": "chrome.upload.folders",
    "file upload": "chrome.upload.input",
    "Click to retry upload": "chrome.upload.retry",
    "Upload failed": "chrome.upload.failed",
    "Error:": "chrome.upload.error",
    "File size is too small.": "chrome.upload.too_small",
    "Only one file is allowed.": "chrome.upload.one",
    "Too many files": "chrome.upload.too_many",
    "Unexpected error. Please try again.": "chrome.unexpected",
    # Plotly's chart toolbar and notes
    "Download plot as a PNG": "chrome.chart.png",
    "Download plot": "chrome.chart.download",
    "Zoom": "chrome.chart.zoom",
    "Pan": "chrome.chart.pan",
    "Zoom in": "chrome.chart.zoom_in",
    "Zoom out": "chrome.chart.zoom_out",
    "Autoscale": "chrome.chart.autoscale",
    "Reset axes": "chrome.chart.reset",
    "Box Select": "chrome.chart.box",
    "Lasso Select": "chrome.chart.lasso",
    "Toggle Spike Lines": "chrome.chart.spikes",
    "Show closest data on hover": "chrome.chart.closest",
    "Compare data on hover": "chrome.chart.compare",
    "Produced with Plotly.js": "chrome.chart.plotly",
    "Double-click to zoom back out": "chrome.chart.double_click",
    "Double-click on legend to isolate one trace": "chrome.chart.legend",
    "Taking snapshot - this may take a few seconds": "chrome.chart.snapshot",
    "Snapshot succeeded": "chrome.chart.snapshot_done",
    "Sorry, there was a problem downloading your snapshot!": "chrome.chart.snapshot_failed",
}

_NUMBER = r"(?<num>\d+(?:\.\d+)?)"
_SIZE = _NUMBER + r" ?(?<unit>[KMGTP]?B)"
# Streamlit's text with a part that varies → catalog key. The whole (trimmed) text must
# match the regular expression (JavaScript syntax); its named groups fill the key's
# {fields}: a group named num… is a number and is written with a decimal comma, one named
# month… an English month name (MONTHS), one named date… is translated itself (an English
# date → an Indonesian one).
PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^Help for (?<label>[\s\S]+)$", "chrome.help_for"),
    (r"^View (?<n>\d+) more$", "chrome.pages.more"),
    (r"^You have requested page /(?<page>[\s\S]*), but no corresponding file was found in "
     r"the app's pages/ directory\. Running the app's main page\.$",
     "chrome.page_missing.named"),
    # uploader: the limit, a chip (its size, and name + size for screen readers), errors
    (r"^" + _SIZE + r" per file$", "chrome.upload.limit"),
    (r"^" + _SIZE + r"$", "chrome.upload.size"),
    (r"^(?<name>[\s\S]+), " + _SIZE + r"$", "chrome.upload.chip"),
    (r"^Remove (?<name>[\s\S]+)$", "chrome.upload.remove"),
    (r"^Cancel upload of (?<name>[\s\S]+)$", "chrome.upload.cancel"),
    (r"^File must be " + _SIZE + r" or smaller\.$", "chrome.upload.too_large"),
    (r"^File is larger than " + _SIZE + r"$", "chrome.upload.larger_than"),
    (r"^(?<type>[\s\S]*) files are not allowed\.$", "chrome.upload.type"),
    # select boxes
    (r"^Select (?<n>\d+) matches$", "chrome.select.matches"),
    (r"^Add: (?<option>[\s\S]+)$", "chrome.select.add"),
    (r"^You can only select up to (?<n>\d+) (?<what>\S+)\. Remove an option first\.$",
     "chrome.select.max"),
    # text and number fields
    (r"^Press (?<keys>.+) to apply$", "chrome.press_enter.apply"),
    (r"^Press (?<keys>.+) to submit form$", "chrome.press_enter.submit"),
    (r"^Number is above the allowed range\. Please enter a value less than or equal to "
     r"(?<num>-?[\d.]+)\.$", "chrome.number.above"),
    (r"^Number is below the allowed range\. Please enter a value greater than or equal to "
     r"(?<num>-?[\d.]+)\.$", "chrome.number.below"),
    (r"^Number is outside the allowed range\. Please enter a value between "
     r"(?<num>-?[\d.]+) and (?<num2>-?[\d.]+)\.$", "chrome.number.between"),
    # the date field (always en-US in Streamlit) and its calendar
    (r"^(?<month>January|February|March|April|May|June|July|August|September|October|"
     r"November|December) (?<day>\d{1,2}), (?<year>\d{4})$", "chrome.date.long"),
    (r"^(?<n>\d{1,2}) – (?<month>[A-Z][a-z]+)$", "chrome.date.month_value"),
    (r"^day, (?<label>[\s\S]+)$", "chrome.date.part.day_of"),
    (r"^month, (?<label>[\s\S]+)$", "chrome.date.part.month_of"),
    (r"^year, (?<label>[\s\S]+)$", "chrome.date.part.year_of"),
    (r"^Choose date, (?<month>[\s\S]+)$", "chrome.date.choose_in"),
    (r"^Selected Range: (?<date>[\s\S]+) to (?<date2>[\s\S]+)$", "chrome.date.range"),
    (r"^Today, (?<date>[\s\S]+) selected$", "chrome.date.today_selected"),
    (r"^Today, (?<date>[\s\S]+)$", "chrome.date.today"),
    (r"^Selected Date: (?<date>[\s\S]+)$", "chrome.date.selected"),
    (r"^(?<date>[\s\S]+) selected$", "chrome.date.picked"),
    (r"^Value must be (?<date>[\s\S]+) or later\.$", "chrome.date.not_before"),
    (r"^Value must be (?<date>[\s\S]+) or earlier\.$", "chrome.date.not_after"),
)

_FIELD = re.compile(r"\{(\w+)\}")


def plan() -> dict[str, object]:
    """What the script does, as JSON-ready data: ``{"exact": {english: indonesian},
    "patterns": [[regex, template], …], "attributes": [...], "skip": selector, "lang":
    "id", "locales": [...], "months": {...}, "segment": selector, "segments": {...}}``.
    Raises ``KeyError`` for a key missing from the catalog (``tests/ui/test_chrome_plan.py``
    checks there is none)."""
    exact = {english: TEXT[key] for english, key in EXACT.items()}
    patterns = [[regex, TEXT[key]] for regex, key in PATTERNS]
    return {"exact": exact, "patterns": patterns, "attributes": list(ATTRIBUTES),
            "skip": APP_CONTENT, "lang": LANGUAGE, "locales": list(LOCALES),
            "months": MONTHS,
            "segment": DATE_PART,
            "segments": {english: TEXT[key] for english, key in DATE_PARTS.items()}}


def template_fields(key: str) -> set[str]:
    """The {fields} of a catalog text."""
    return set(_FIELD.findall(TEXT[key]))


_SCRIPT = """
(() => {
  const plan = __PLAN__;
  if (window.__monevChrome) return;  // once per page: the observer stays
  window.__monevChrome = true;
  document.documentElement.lang = plan.lang;
  // Streamlit reads the browser's language for dates and numbers: Indonesian.
  const locales = Object.freeze([...plan.locales]);
  for (const [name, value] of [["language", locales[0]], ["languages", locales]]) {
    try { Object.defineProperty(navigator, name, {configurable: true, get: () => value}); }
    catch (error) { /* an old browser: dates and numbers stay in its language */ }
  }
  // Where Streamlit formats a number or date in "the browser's" language (a table's
  // statistics), that is Indonesian too.
  for (const [type, name] of [[Number, "toLocaleString"], [Date, "toLocaleString"],
                              [Date, "toLocaleDateString"], [Date, "toLocaleTimeString"]]) {
    const original = type.prototype[name];
    Object.defineProperty(type.prototype, name, {configurable: true, writable: true,
      value: function (given, options) {
        return original.call(this, given === undefined ? locales : given, options);
      }});
  }
  const exact = new Map(Object.entries(plan.exact));
  const patterns = plan.patterns.map(([source, template]) => [new RegExp(source), template]);
  const months = new Map(Object.entries(plan.months));
  const segments = new Map(Object.entries(plan.segments));
  const fill = (template, groups) => template.replace(/\\{(\\w+)\\}/g, (all, name) => {
    const value = groups[name] === undefined ? "" : groups[name];
    if (name.startsWith("num")) return value.replace(".", ",");
    if (name.startsWith("month")) return months.get(value) || value;
    if (name.startsWith("date")) return translate(value) || value;
    return value;
  });
  function translate(text) {
    const core = text.trim();
    if (!core || !/[A-Za-z]/.test(core)) return null;
    let out = exact.get(core);
    if (out === undefined) {
      for (const [regex, template] of patterns) {
        const match = regex.exec(core);
        if (match) { out = fill(template, match.groups || {}); break; }
      }
    }
    if (out === undefined || out === core) return null;
    return text.replace(core, () => out);
  }
  const fixText = (node) => {
    const parent = node.parentElement;
    if (!parent || parent.closest(plan.skip)) return;
    const out = parent.matches(plan.segment)  // a date field's part: "dd" → "hh"
      ? segments.get(node.nodeValue.trim()) || null : translate(node.nodeValue);
    if (out !== null) node.nodeValue = out;
  };
  const fixAttribute = (element, name) => {
    const value = element.getAttribute(name);
    if (!value) return;
    const out = translate(value);
    if (out !== null) element.setAttribute(name, out);
  };
  const withAttributes = plan.attributes.map((name) => "[" + name + "]").join(",");
  const fixTree = (root) => {
    if (root.nodeType === Node.TEXT_NODE) { fixText(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    for (const element of [root, ...root.querySelectorAll(withAttributes)])
      for (const name of plan.attributes) fixAttribute(element, name);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) fixText(node);
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "childList") record.addedNodes.forEach(fixTree);
      else if (record.type === "characterData") fixText(record.target);
      else fixAttribute(record.target, record.attributeName);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true,
                             attributes: true, attributeFilter: plan.attributes});
  fixTree(document.body);
})();
"""


def script() -> str:
    """The JavaScript that sets the page's language and translates Streamlit's texts (see
    the module docstring), with :func:`plan` built in."""
    # No "<" at all: Streamlit's sanitizer (DOMPurify) drops a script whose text holds "<"
    # before a letter or "/" (the regular expressions' "(?<name>" would). In JSON strings
    # "\\u003c" is the same character.
    data = json.dumps(plan(), ensure_ascii=False).replace("<", "\\u003c")
    return _SCRIPT.replace("__PLAN__", data)


def style_sheet() -> str:
    """The CSS that hides part of Streamlit's chrome (see the module docstring), and lets
    a long code span in an ``st.table`` cell (a file name, an address, shown literally by
    :func:`ui.format.plain`) break anywhere, so it does not take the width the messages
    and fixes next to it need to be read."""
    return """
[data-testid="stMainMenu"] { display: none !important; }
[data-testid="stStatusWidget"] button { display: none !important; }
[data-testid="InputInstructions"] { display: none !important; }
[data-testid="stTable"] td code { overflow-wrap: anywhere; }
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script#monev-chrome) {
    display: none !important;
}
"""


def hide_chrome() -> None:
    """Put the style sheet and the script on the page (they take no space; call once per
    run, before anything else is drawn, so the script's element keeps its place)."""
    st.html(f"<style>{style_sheet()}</style>")
    st.html(f'<script id="monev-chrome">{script()}</script>', unsafe_allow_javascript=True)
