"""The scorecard and plan-check commands, and the text form of their documents.

``check_command`` and ``score_command`` are plain click commands; ``tui.cli``
registers them as ``drillsim check`` and ``drillsim score``, and prints
``render_scorecard`` after a run's key times.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from scoring.consequences import UNIT_TEXT
from scoring.finding import CAPABILITY_ZH, SEVERITIES, SEVERITY_EN, Finding, Severity
from scoring.names import KPI_STATUS, KPI_UNITS, Names, counted, rating_text, with_revision
from scoring.observations import MARK_TEXT, EvaluatorInput, read_observations
from scoring.punctuation import punctuate_zh
from scoring.ratings import Rating
from scoring.rules import HSEEP_ORDER, Hseep, Rules, load_rules, plan_overrides
from scoring.savedrun import open_run
from scoring.scorecard import CheckReport, Scorecard, check_report, score
from scoring.timeline import offset
from sim.errors import InputError
from sim.loader import check_pair, check_plan, load_scenario_only, validate_model
from sim.plan import Plan
from sim.scenario import Scenario
from sim.yamlfile import load_yaml
from tui.colour import echo
from tui.problems import user_errors, warning_text

F = TypeVar("F", bound=Callable[..., Any])
LANG = click.Choice(["zh", "en"])

# Reference problems that the plan check reports as findings instead of refusing the file.
_AS_FINDINGS = re.compile(r"^(levels\[\d+\]\.escalates_to|higher_plans\[\d+\]\.organisation)$")


_user_errors = user_errors  # the name report_cli, archive_cli and stress_cli import


# --- text layout -----------------------------------------------------------------------
def width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def pad(text: str, cols: int) -> str:
    return text + " " * max(cols - width(text), 0)


def table(rows: list[list[str]], indent: str = "  ", lang: str = "en") -> list[str]:
    if lang != "en":
        rows = [[punctuate_zh(cell) for cell in row] for row in rows]
    cols = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        (indent + "  ".join(pad(cell, cols[i]) for i, cell in enumerate(row))).rstrip()
        for row in rows
    ]


def _num(x: float | None, fmt: str = "{:.1f}") -> str:
    return "—" if x is None else fmt.format(x)


def _rating(r: Rating, lang: str = "zh", *, long: bool = False) -> str:
    return rating_text(r.hseep, r.grade, lang, long=long)


def _severity(sev: Severity, lang: str) -> str:
    return SEVERITY_EN[sev] if lang == "en" else sev


def kpi_rows(card: Scorecard, names: Names, lang: str) -> tuple[list[list[str]], list[str]]:
    """The KPI table (its header first) and the notes on where each target comes from."""
    en = lang == "en"
    head = (
        ["KPI", "at", "measured", "from", "target", "ratio", "score", "status", "source"]
        if en
        else ["指标", "时刻", "实测", "起算", "目标", "比值", "得分", "状态", "依据"]
    )
    rows = [head]
    sources: list[str] = []
    for k in card.kpis:
        label = k.label.pick(lang)
        if k.subject:
            label += f": {names(k.subject)}" if en else f" {names(k.subject)}"
        unit = KPI_UNITS[k.unit][1 if en else 0]
        measured = "—" if k.value is None else f"{k.value:.1f} {unit}"
        if k.unit in ("people",) and k.value is not None:
            measured = counted(k.value, unit) if en else f"{k.value:g} {unit}"
        target = "—" if k.target is None else f"{k.target:g} {unit}"
        src = k.target_source.pick(lang)
        if src not in sources:
            sources.append(src)
        status = KPI_STATUS[k.status][1 if en else 0]
        if (k.score is not None and k.weight == 0) or (
            k.score is None and k.weight == 0 and k.status in ("met", "late", "exceeded")
        ):
            status += " (not rated)" if en else " (不评分)"
        rows.append(
            [
                label,
                offset(k.t_min) if k.t_min is not None else "—",
                measured,
                k.start_label.pick(lang) if k.unit == "min" else "—",
                target,
                _num(k.ratio, "{:.2f}"),
                _num(k.score, "{:.0f}"),
                status,
                f"[{sources.index(src) + 1}]",
            ]
        )
    notes = [f"  [{i}] {s}" for i, s in enumerate(sources, 1)]
    return rows, notes


def kpi_note_lines(card: Scorecard, names: Names, lang: str) -> list[str]:
    """The KPIs' notes (why one not yet due counts as missed, what a late call was), one
    line per note with the KPIs it explains, so a status never stands without its reason."""
    en = lang == "en"
    by_note: dict[str, list[str]] = {}
    for k in card.kpis:
        if k.note is None:
            continue
        label = k.label.pick(lang)
        if k.subject:
            label += f" {names(k.subject)}"
        status = KPI_STATUS[k.status][1 if en else 0]
        by_note.setdefault(k.note.pick(lang), []).append(
            f"{label} ({status})" if en else f"{label}（{status}）"
        )
    if not by_note:
        return []
    head = "KPI notes:" if en else "指标说明:"
    return [head] + [
        f"  {'; '.join(labels)}: {note}" if en else f"  {'、'.join(labels)}：{note}"
        for note, labels in by_note.items()
    ]


def _review_line(f: Finding, lang: str) -> str | None:
    r = f.review
    if r is None:
        return None
    en = lang == "en"
    who = r.by + ((f" ({r.role})" if en else f"，{r.role}") if r.role else "")
    if r.action == "regraded" and r.from_severity is not None:
        return (
            f"      regraded by the evaluator from {_severity(r.from_severity, lang)} to "
            f"{_severity(f.severity, lang)}: {who}, {r.date}: {r.reason}"
            if en
            else f"      评估人调整：由{r.from_severity}调为{f.severity}"
            f"（{who}，{r.date}）：{r.reason}"
        )
    if r.action == "dismissed":
        return (
            f"      dismissed by the evaluator {who}, {r.date}: {r.reason}"
            if en
            else f"      评估人撤销（{who}，{r.date}）：{r.reason}"
        )
    return None  # an observed finding's evidence already names the evaluator


def finding_lines(f: Finding, lang: str) -> list[str]:
    en = lang == "en"
    kind = (
        ("plan" if f.kind == "static" else "run")
        if en
        else ("静态" if f.kind == "static" else "推演")
    )
    cap = f.capability if en else CAPABILITY_ZH[f.capability]
    out = [f"  {f.id} [{kind}|{cap}] {f.title.pick(lang)}"]
    out.append(f"      {'evidence' if en else '依据'}: {f.evidence.pick(lang)}")
    if f.consequences:
        out.append(f"      {'led to' if en else '造成的后果'}:")
        out += [f"        - {c.pick(lang)}" for c in f.consequences]
    where = "; ".join(str(r) for r in f.refs)
    # the label's colon is Chinese; what follows is file:line and field paths, as written
    out.append(f"      {'points to: ' if en else '位置：'}{where}")
    out.append(f"      {'recommendation' if en else '建议'}: {f.recommendation.pick(lang)}")
    if f.forces_u:
        out.append(
            "      forces U (missed critical task or legal limit)"
            if en
            else "      强制评为 U/不合格 (关键任务未完成或超过法定时限)"
        )
    review = _review_line(f, lang)
    if review is not None:
        out.append(review)
    return out


def render_findings(found: list[Finding], counts: Mapping[Severity, int], lang: str) -> list[str]:
    en = lang == "en"
    summary = "  ".join(f"{_severity(s, lang)} {counts.get(s, 0)}" for s in SEVERITIES)
    lines = [("Findings by severity: " if en else "问题清单 (按等级): ") + summary]
    for sev in SEVERITIES:
        mine = [f for f in found if f.severity == sev]
        if not mine:
            continue
        lines.append("")
        lines.append(f"{_severity(sev, lang)} ({len(mine)})")
        for f in mine:
            lines += finding_lines(f, lang)
    return lines


def render_dismissed(dismissed: list[Finding], lang: str) -> list[str]:
    if not dismissed:
        return []
    en = lang == "en"
    lines = ["", f"{'Dismissed by the evaluator' if en else '评估人撤销的问题'} ({len(dismissed)})"]
    for f in dismissed:
        lines += finding_lines(f, lang)
    return lines


def evaluator_lines(ev: EvaluatorInput, card: Scorecard, lang: str) -> list[str]:
    """Who judged what, and how it scored: the observations file as applied."""
    before, rows, after = evaluator_parts(ev, card, lang)
    return before + (table(rows, indent="    ", lang=lang) if rows else []) + after


def evaluator_parts(
    ev: EvaluatorInput, card: Scorecard, lang: str
) -> tuple[list[str], list[list[str]], list[str]]:
    """The evaluator's block: the lines before the table of judgements, its rows (the
    header first; none without judgements) and the lines after it."""
    en = lang == "en"
    names = {r.objective: r.name.pick(lang) for r in card.objectives}
    before = [
        (f"Evaluator: {ev.who('en')}, {ev.date}  ({ev.file})")
        if en
        else f"评估人：{ev.who('zh')}，{ev.date}（{ev.file}）"
    ]
    rows: list[list[str]] = []
    after: list[str] = []
    if ev.items:
        zh = "  评估人判断（计入分项评定）："
        before.append("  judgements (scored into their objective):" if en else zh)
        rows = [
            ["item", "judged", "answer", "score", "objective"]
            if en
            else ["项目", "判断内容", "结论", "得分", "目标"]
        ]
        for o in ev.items:
            rows.append(
                [
                    o.id,
                    o.text.pick(lang),
                    o.answer_text.pick(lang),
                    f"{o.score:g}",
                    names.get(o.objective, o.objective),
                ]
            )
        for o in ev.items:
            if o.note:
                after.append(f"    {o.id}: {o.note}")
        after.append(("    scoring: " if en else "    计分：") + ev.source.pick(lang))
    if ev.reviews:
        after.append("  findings reviewed:" if en else "  问题调整：")
        for r in ev.reviews:
            if r.action == "dismissed":
                after.append(
                    f"    {r.finding} {_severity(r.from_severity, lang)} dismissed: {r.reason}"
                    if en
                    else f"    {r.finding} {r.from_severity} 撤销：{r.reason}"
                )
            else:
                assert r.to_severity is not None
                after.append(
                    f"    {r.finding} {_severity(r.from_severity, lang)} → "
                    f"{_severity(r.to_severity, lang)}: {r.reason}"
                    if en
                    else f"    {r.finding} {r.from_severity} → {r.to_severity}：{r.reason}"
                )
    return before, rows, after


def objective_rows(card: Scorecard, lang: str) -> list[list[str]]:
    """The objectives' ratings, the header first."""
    en = lang == "en"
    return [
        ["objective", "score", "rating", "rule"] if en else ["目标", "得分", "评定", "规则"],
        *[
            [r.name.pick(lang), _num(r.score), _rating(r, lang), r.rule.pick(lang)]
            for r in card.objectives
        ],
    ]


def _consequence_lines(card: Scorecard, names: Names, lang: str) -> list[str]:
    """The 后果 block: what the response let happen after the alarm, and its caps."""
    rows, caps = consequence_rows(card, lang)
    lines = ["Consequences" if lang == "en" else "后果"]
    lines += table(rows, lang=lang)
    lines += caps
    return lines


def consequence_rows(card: Scorecard, lang: str) -> tuple[list[list[str]], list[str]]:
    """The consequences table (its header first) and the lines on their caps and notes."""
    en = lang == "en"
    head = (
        ["consequence (after the alarm)", "value", "score", "cap (objective/overall)"]
        if en
        else ["后果 (报警后)", "数值", "得分", "封顶 (目标/总体)"]
    )
    rows = [head]
    caps: list[str] = []
    for c in card.consequences:
        zh_u, en_u = UNIT_TEXT.get(c.unit, (c.unit, c.unit))
        value = "—" if c.value is None else f"{c.value:.2f} {en_u if en else zh_u}"
        if c.unit == "people" and c.value is not None:
            value = f"{c.value:.0f} {en_u if en else zh_u}"
        if en and c.value is not None:
            shown = f"{c.value:.0f}" if c.unit == "people" else f"{c.value:.2f}"
            value = counted(c.value, en_u, shown)
        cap = "—"
        if c.cap is not None:
            cap = f"{c.cap.objective}/{c.cap.overall}"
            caps.append(
                f"  {c.cap.rule.pick(lang)}: "
                + (
                    f"caps the objective at {c.cap.objective}, the overall rating at "
                    f"{c.cap.overall}"
                    if en
                    else f"该目标封顶 {c.cap.objective}, 总体封顶 {c.cap.overall}"
                )
            )
        rows.append([c.label.pick(lang), value, _num(c.score), cap])
        if c.note is not None:
            caps.append(f"  {c.label.pick(lang)}: {c.note.pick(lang)}")
    return rows, caps


def finish(lines: list[str], lang: str) -> str:
    """The lines as one text; in Chinese with Chinese punctuation, except plan locations
    (``位置``: file, line and field path, shown as written)."""
    if lang != "en":
        lines = [line if line.lstrip().startswith("位置") else punctuate_zh(line) for line in lines]
    return "\n".join(lines)


def reporting_heading(lang: str) -> str:
    return (
        "Reports to the authorities (a level's call is a notification, not the legal "
        "report, unless the plan counts it)"
        if lang == "en"
        else "向政府及有关部门报告 (响应级别的通知不是法定报告, 除非预案规定计为报告)"
    )


def manual_checks_heading(lang: str) -> str:
    return (
        "For the evaluator (expected actions the log cannot judge):"
        if lang == "en"
        else "需评估人判断 (事件日志无法判定的期望行动):"
    )


def reporting_lines(card: Scorecard, lang: str) -> list[str]:
    """Each report to the authorities, as the scorecard gives it."""
    return [f"  {r.summary.pick(lang)}" for r in card.reporting]


def manual_check_lines(card: Scorecard, lang: str) -> list[str]:
    """Each expected action the log cannot judge: when, what, and the evaluator's mark."""
    out = []
    for m in card.manual_checks:
        answer = "" if m.mark is None else f"  → {MARK_TEXT[m.mark].pick(lang)}"
        inject = f"[{m.inject}] " if lang == "en" else ""
        out.append(f"  {offset(m.t_min)}  {inject}{m.expected_in(lang)}{answer}")
    return out


def render_scorecard(card: Scorecard, names: Names, lang: str) -> str:
    """The scorecard as text: ratings, KPIs against targets, findings by severity."""
    en = lang == "en"
    lines: list[str] = []
    plan = card.plan.name_en if en and card.plan.name_en else card.plan.name
    lines.append(
        ("Scorecard" if en else "评估记分卡") + f": {with_revision(plan, card.plan.revision)}"
    )
    lines += [f"  {warning_text(w, lang)}" for w in card.warnings]
    o = card.overall
    lines.append(
        ("Overall: " if en else "总体评定: ")
        + f"{_rating(o, lang, long=True)}  {_num(o.score)}  "
        + ("rule: " if en else "规则: ")
        + o.rule.pick(lang)
    )
    if card.evaluator is not None:
        lines.append("")
        lines += evaluator_lines(card.evaluator, card, lang)
    lines.append("")
    lines.append("Objectives" if en else "分项评定")
    lines += table(objective_rows(card, lang), lang=lang)
    if card.consequences:
        lines.append("")
        lines += _consequence_lines(card, names, lang)
    lines.append("")
    lines.append("KPIs" if en else "关键指标")
    rows, notes = kpi_rows(card, names, lang)
    lines += table(rows, lang=lang)
    lines.append("Targets from:" if en else "目标依据:")
    lines += notes
    lines += kpi_note_lines(card, names, lang)
    if card.reporting:
        lines.append("")
        lines.append(reporting_heading(lang))
        lines += reporting_lines(card, lang)
    if card.manual_checks:
        lines.append("")
        lines.append(manual_checks_heading(lang))
        lines += manual_check_lines(card, lang)
    lines.append("")
    lines += render_findings(card.findings, card.counts, lang)
    lines += render_dismissed(card.dismissed, lang)
    return finish(lines, lang)


def render_check(report: CheckReport, lang: str, names: tuple[Scenario, str] | None = None) -> str:
    """The check as text; a plan checked alone says where its place names come from
    (``names``: a scenario beside it and its file), or that its places are ids."""
    en = lang == "en"
    plan = report.plan.name_en if en and report.plan.name_en else report.plan.name
    title = with_revision(plan, report.plan.revision)
    lines = [("Plan check" if en else "预案静态检查") + f": {title}  {report.plan.file or ''}"]
    if report.scenario is not None:
        sc = report.scenario
        title = sc.name_en if en and sc.name_en else sc.name
        lines.append(
            ("  against scenario: " if en else "  对照情景: ") + f"{title}  {sc.file or ''}"
        )
    elif names is not None:
        scen, file = names
        title = scen.name_en if en and scen.name_en else scen.name
        lines.append(
            f"  place names from scenario: {title}  {file} (no --scenario given: names only, "
            "not checked against it)"
            if en
            else f"  地点名称取自情景：{title}  {file}"
            "（未给出 --scenario，只取名称，不对照情景检查）"
        )
    else:
        lines.append(
            "  no scenario given (--scenario): places are shown by id"
            if en
            else "  未给出情景（--scenario），地点以编号表示"
        )
    lines.append("")
    if not report.findings:
        lines.append("No findings." if en else "未发现问题.")
    else:
        lines += render_findings(report.findings, report.counts, lang)
    return finish(lines, lang)


# --- commands --------------------------------------------------------------------------
def _rules(path: Path | None, plan: Plan) -> Rules:
    """Defaults, then the plan's own overrides, then the evaluator's file."""
    return load_rules(path, plan=plan_overrides(plan))


def scenario_beside(plan_path: Path, plan: Plan, doc: Any) -> tuple[Scenario, str] | None:
    """The scenario in the plan's folder that names it as its plan, or else the only one
    there whose site holds every place the plan names; ``None`` if there is none."""
    named: list[tuple[Scenario, str]] = []
    fitting: list[tuple[Scenario, str]] = []
    for path in sorted(plan_path.parent.glob("*.yaml")):
        if path.resolve() == plan_path.resolve():
            continue
        try:
            scen, sdoc = load_scenario_only(path)
        except (InputError, OSError):
            continue
        if any(not _AS_FINDINGS.match(p.field) for p in check_pair(scen, sdoc, plan, doc)):
            continue
        own = scen.plan is not None and (path.parent / scen.plan).resolve() == plan_path.resolve()
        (named if own else fitting).append((scen, str(path)))
    if len(named) == 1:
        return named[0]
    return fitting[0] if not named and len(fitting) == 1 else None


def load_for_check(plan_path: Path) -> tuple[Plan, Any]:
    """Parse and validate a plan; dangling escalations become findings, not errors."""
    doc = load_yaml(plan_path)
    plan = validate_model(Plan, doc)
    problems = [p for p in check_plan(plan, doc) if not _AS_FINDINGS.match(p.field)]
    if problems:
        raise InputError(problems)
    return plan, doc


@click.command("check")
@click.argument("plan", type=click.Path(path_type=Path))
@click.option(
    "--scenario",
    type=click.Path(path_type=Path),
    help="Check against this scenario: its shift on duty, travel times and hazards.",
)
@click.option("--json", "as_json", is_flag=True, help="Write the findings as JSON.")
@click.option("--lang", type=LANG, default="zh", show_default=True)
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(path_type=Path),
    help="Scoring rules overriding the defaults (a partial YAML file).",
)
@_user_errors
def check_command(
    plan: Path, scenario: Path | None, as_json: bool, lang: str, rules_path: Path | None
) -> None:
    """Static check of a plan; exit 1 if any 不足项 (deficiency) is found."""
    model, doc = load_for_check(plan)
    scen = sdoc = None
    names = None if scenario is not None or as_json else scenario_beside(plan, model, doc)
    if scenario is not None:
        scen, sdoc = load_scenario_only(scenario)
        problems = [
            p for p in check_pair(scen, sdoc, model, doc) if not _AS_FINDINGS.match(p.field)
        ]
        if problems:
            raise InputError(problems)
    report = check_report(
        model,
        scen,
        plan_doc=doc,
        scenario_doc=sdoc,
        rules=_rules(rules_path, model),
        names=None if names is None else names[0],
    )
    if as_json:
        click.echo(report.model_dump_json(indent=2))
    else:
        echo(render_check(report, lang, names))
    if report.failed:
        sys.exit(1)


FAIL_ON: dict[str, Severity | Hseep] = {
    "不足项": "不足项",
    "deficiency": "不足项",
    "整改项": "整改项",
    "corrective_action": "整改项",
    "corrective": "整改项",
    "改进项": "改进项",
    "improvement": "改进项",
    "u": "U",
    "不合格": "U",
    "m": "M",
    "合格": "M",
    "s": "S",
    "良好": "S",
}
"""What ``--fail-on`` accepts: a finding grade (that grade or worse fails) or an overall
rating (that rating or worse fails), in Chinese or ASCII."""


def _fail_on(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        key = v.strip().lower()
        if key not in FAIL_ON:
            raise click.BadParameter(
                f"expected a finding grade (不足项/deficiency, 整改项/corrective_action, "
                f"改进项/improvement) or an overall rating (U/不合格, M/合格, S/良好), found {v!r}"
            )
        out.append(FAIL_ON[key])
    return out


def failures(card: Scorecard, fail_on: list[str], lang: str) -> list[str]:
    """Why ``--fail-on`` fails this scorecard (empty: it passes)."""
    en = lang == "en"
    out = []
    for level in fail_on:
        if level in SEVERITIES:
            worst = SEVERITIES[: SEVERITIES.index(level) + 1]
            hit = [f for f in card.findings if f.severity in worst]
            if hit:
                ids = ", ".join(f.id for f in hit)
                grade = _severity(level, lang)
                out.append(
                    f"fail-on {grade}: {len(hit)} finding{'' if len(hit) == 1 else 's'} at "
                    f"{grade} or worse ({ids})"
                    if en
                    else f"fail-on {level}：{len(hit)} 项{level}或更重的问题（{ids}）"
                )
        else:
            o = card.overall
            if o.hseep is not None and HSEEP_ORDER.index(o.hseep) >= HSEEP_ORDER.index(level):
                out.append(
                    f"fail-on {level}: the overall rating is {o.hseep}"
                    if en
                    else f"fail-on {level}：总体评定为 {o.hseep}/{o.grade}"
                )
    return out


@click.command("score")
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Write the scorecard as JSON.")
@click.option("--lang", type=LANG, default="zh", show_default=True)
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(path_type=Path),
    help="Scoring rules overriding the defaults (a partial YAML file).",
)
@click.option(
    "--allow-changed",
    is_flag=True,
    help="Score even if the scenario, plan or event log changed since the run.",
)
@click.option(
    "--observations",
    "observations_path",
    type=click.Path(path_type=Path),
    help="The evaluator's observations (YAML, scoring/observations.schema.json).",
)
@click.option(
    "--fail-on",
    "fail_on",
    multiple=True,
    callback=_fail_on,
    help="Exit 1 on a finding of this grade or worse (不足项/deficiency, 整改项, 改进项) "
    "or an overall rating this bad or worse (U/不合格, M, S). Repeatable.",
)
@_user_errors
def score_command(
    run_dir: Path,
    as_json: bool,
    lang: str,
    rules_path: Path | None,
    allow_changed: bool,
    observations_path: Path | None,
    fail_on: list[str],
) -> None:
    """Score a saved run (RUN_DIR holds events.jsonl and manifest.json)."""
    observed = read_observations(observations_path) if observations_path else None
    saved = open_run(run_dir, allow_changed=allow_changed)
    for w in saved.warnings:
        echo(warning_text(w, lang), err=True)
    loaded = saved.loaded
    card = score(
        saved.log,
        loaded.scenario,
        loaded.plan,
        plan_doc=loaded.plan_doc,
        scenario_doc=loaded.scenario_doc,
        rules=_rules(rules_path, loaded.plan),
        seed=saved.seed,
        warnings=saved.warnings,
        observations=observed,
    )
    if as_json:
        click.echo(card.model_dump_json(indent=2))
    else:
        echo(render_scorecard(card, Names.of(loaded.scenario, loaded.plan, lang), lang))
    failed = failures(card, fail_on, lang)
    for line in failed:
        echo(line, err=True)
    if failed:
        sys.exit(1)


__all__ = ["check_command", "render_check", "render_scorecard", "score_command"]
