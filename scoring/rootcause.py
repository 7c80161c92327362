"""One root cause, one finding: the findings a cause led to are listed under it.

An evaluator writes "breathing apparatus kept in an office store" once, with the
detour, the late rescue and the exposure it caused as its consequences, not five
findings. Each finding is read here (rule, data, plan) for what it *is* (keys
such as ``role:R``, ``far:RES``, ``delay:STEP``) and what it comes *from*; a
finding whose cause is another finding goes under it, following the chain to a
finding that has no cause among the others: the root. A missed critical task or a
breached legal limit stays a finding of its own (it decides the rating, and an
evaluator judges it on its own). The root keeps its rule and
plan element (so the archive follows it from drill to drill), takes the worst
grade of its group, and counts as a run finding when any of its group showed in
the run.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.finding import SEVERITIES, Finding, PlanRef, Text
from scoring.reasons import classify_reason
from sim.plan import Plan

_Keys = tuple[list[str], list[str]]


def _str(x: object) -> str:
    return "" if x is None else str(x)


def _keys(f: Finding, plan: Plan) -> _Keys:
    """(what the finding is, what it comes from), as cause keys."""
    steps = {s.id: s for s in plan.steps}
    levels = {lv.id: lv for lv in plan.levels}
    links = {lk.id: lk for lk in plan.reporting}
    rule = f.rule.split(".", 1)[-1]
    d = f.data
    step = _str(d.get("step"))
    owner = steps[step].owner if step in steps else ""
    res_refs = [r.id for r in f.refs if r.element == "resource" and r.id]
    is_: list[str] = []
    frm: list[str] = []
    if rule in ("owner_call_in", "owner_off_shift"):
        is_.append(f"role:{d.get('role')}")
    elif rule == "ba_out_of_reach":
        is_ += [f"far:{r}" for r in res_refs]
    elif rule == "equipment_detour":
        far = d.get("resources")
        names = far if isinstance(far, list) else []
        is_ += [f"delay:{step}", *(f"far:{r}" for r in names)]
        frm += [f"far:{r}" for r in names]
    elif rule == "wait":
        # a wait is the evidence of its step's lateness when it was late
        is_.append(f"wait:{step}")
        frm.append(f"late:{step}")
        by = _str(d.get("called_late_by"))
        if by.startswith("level:"):
            frm.append(by)
        elif by.startswith("step:"):
            frm += [f"late:{by[5:]}", f"delay:{by[5:]}"]
        reasons = d.get("reasons")
        staffing = [
            r
            for r in (reasons if isinstance(reasons, list) else [])
            if classify_reason(r)[0] != "equipment"
        ]
        if staffing:
            frm.append(f"role:{owner}")
        frm += [f"outside_late:{org}" for org in _outside_orgs(plan, owner)]
        frm += [f"res:{r}" for r in res_refs]
    elif rule == "idle_team":
        frm += [f"wait:{step}", f"late:{step}"]
    elif rule in ("step_late", "step_not_done", "step_abandoned"):
        is_ += [f"late:{step}"]
        frm += [f"delay:{step}", f"role:{owner}"]
        if step in steps:
            frm += [f"late:{a}" for a in steps[step].after]
    elif rule in ("inject_late_response", "inject_no_response"):
        frm += [f"late:{step}", f"delay:{step}"]
    elif rule in ("kpi_late", "kpi_missed"):
        kpi, subject = _str(d.get("kpi")), _str(d.get("subject"))
        if kpi == "level_declared" and subject in levels:
            is_.append(f"level:{subject}")
            frm.append(f"role:{levels[subject].declared_by}")
        elif kpi == "mutual_aid_requested":
            frm += [f"level:{lv.id}" for lv in plan.levels if subject in lv.notifies]
        elif kpi in ("casualty_handed_to_ems", "casualty_at_hospital"):
            frm += [f"outside_late:{o.id}" for o in plan.organisations if o.kind == "ems"]
        else:
            for ref in f.refs:
                if ref.element == "step" and ref.id:
                    frm += [f"late:{ref.id}", f"delay:{ref.id}"]
    elif rule == "person_exposed":
        for ref in f.refs:
            if ref.element == "step" and ref.id:
                frm += [f"late:{ref.id}", f"delay:{ref.id}"]
    elif rule in ("report_late", "report_legal_limit", "report_not_sent"):
        link = links.get(_str(d.get("report")))
        if link is not None:
            is_.append(f"report:{link.id}")
            reasons = d.get("reasons")
            held_up = f"report {link.after} not received"
            if link.after is not None and isinstance(reasons, list) and held_up in reasons:
                # never sent because the report before it never came (a written report
                # after a phone report no one sent): a consequence of that one
                frm.append(f"report:{link.after}")
            frm.append(f"role:{link.sender}")
    elif rule == "fire_zone_entry":
        is_.append(f"fire_entry:{d.get('location')}")
        frm.append(f"fire_entry:{d.get('location')}")  # entries into one zone: one finding
    elif rule == "outside_called_late":
        is_.append(f"outside_late:{d.get('organisation')}")
    elif rule == "early_warning_unanswered":
        is_.append(f"warning:{d.get('location')}")
        frm.append(f"warning:{d.get('location')}")  # the plan's gap and what the run showed
    elif rule in ("unprotected_entry", "no_forbid_entry"):
        loc = _str(d.get("location"))
        is_.append(f"unprotected:{loc}")
        frm.append(f"unprotected:{loc}")  # the missing order and the entries it let happen
    return is_, frm


def _outside_orgs(plan: Plan, role: str) -> list[str]:
    """The outside organisations a role relies on, when no team of the unit staffs it."""
    roles = {r.id: r for r in plan.roles}
    teams = {t.id: t for t in plan.teams}
    staff = [teams[t] for t in (roles[role].staffed_by if role in roles else []) if t in teams]
    if not staff or any(t.organisation == plan.unit for t in staff):
        return []
    return sorted({t.organisation for t in staff})


def _key(f: Finding) -> str:
    """rule@element, as the drill archive and the observations file name a finding."""
    ref = f.refs[0]
    return f"{f.rule}@{ref.id or ref.path}"


def _order(f: Finding) -> tuple[int, int]:
    return (0 if f.kind == "static" else 1, SEVERITIES.index(f.severity))


def consolidate(found: Sequence[Finding], plan: Plan) -> list[Finding]:
    """Findings with a common root cause merged into the root, the others listed
    under it as its consequences; findings with no cause among the others unchanged."""
    items = list(found)
    keys = [_keys(f, plan) for f in items]
    # the finding that answers for a key: static before dynamic, worst grade, first
    rank = sorted(range(len(items)), key=lambda i: (*_order(items[i]), i))
    owner: dict[str, int] = {}
    for i in rank:
        for k in keys[i][0]:
            owner.setdefault(k, i)
    parent: dict[int, int] = {}
    for i in range(len(items)):
        if items[i].forces_u:
            continue  # a missed critical task or a legal breach decides the rating: its own
        for k in keys[i][1]:
            j = owner.get(k)
            if j is not None and j != i:
                parent[i] = j
                break

    def root(i: int) -> int:
        seen = [i]
        while i in parent:
            i = parent[i]
            if i in seen:  # a cycle: the one that ranks first answers for it
                return min(seen, key=lambda x: rank.index(x))
            seen.append(i)
        return i

    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(root(i), []).append(i)
    out: list[Finding] = []
    for r in sorted(groups):
        members = [items[i] for i in groups[r] if i != r]
        head = items[r]
        if not members:
            out.append(head)
            continue
        out.append(_merge(head, members))
    return out


def _merge(head: Finding, members: list[Finding]) -> Finding:
    group = [head, *members]
    severity = min((f.severity for f in group), key=SEVERITIES.index)
    dynamic = [f for f in group if f.kind == "dynamic"]
    objective = head.objective
    if head.kind == "static" and dynamic:
        worst = min(dynamic, key=lambda f: SEVERITIES.index(f.severity))
        objective = worst.objective or objective
    refs: list[PlanRef] = []
    for f in group:
        for ref in f.refs:
            if ref not in refs:
                refs.append(ref)
    consequences = [
        Text(zh=f"{f.title.zh}（{f.evidence.zh}）", en=f"{f.title.en} ({f.evidence.en})")
        for f in members
    ]
    data = dict(head.data)
    data["consequence_rules"] = [f.rule for f in members]
    data["consequence_keys"] = [_key(f) for f in members]
    injects = [str(f.data["inject"]) for f in members if "inject" in f.data]
    if "inject" not in data and len(injects) == 1:
        data["inject"] = injects[0]  # the inject whose expected action it covers
    return head.model_copy(
        update={
            "severity": severity,
            "kind": "dynamic" if dynamic else head.kind,
            "objective": objective,
            "refs": refs,
            "forces_u": any(f.forces_u for f in group),
            "consequences": [*head.consequences, *consequences],
            "data": data,
        }
    )
