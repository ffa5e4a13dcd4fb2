#!/usr/bin/env python3
"""校验医院示例的内部一致性（不依赖尚未实现的 assess 命令）。
Checks the internal consistency of the hospital example without the assess command.

用法 / usage: python3 examples/hospital/check_example.py [system.yaml] [--catalog DIR]

Checks: target ids and types (catalog.yaml target_types); questionnaire answers (unit exists at
the system's level, applies to the target's type, no duplicates, valid result and method values);
every required target × unit pair is answered (all pairs whose unit applies to the target's type,
except server pairs the saved scan already judged: compliant / partial / noncompliant /
not_applicable); high_risk / not_high_risk; compensations (case exists, allows compensation,
and actually matches a finding); plan item overrides ("<unit>@<target-id>" and their fields).
Stdlib + PyYAML only. Exit 0 = consistent, 1 = problems found, 2 = usage or unreadable input.
"""
import collections
import datetime
import json
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RESULTS = {"符合": "compliant", "部分符合": "partial", "不符合": "noncompliant", "不适用": "not_applicable",
           "未测": "untested"}
RESULTS.update({v: v for v in list(RESULTS.values())})
METHODS = {"访谈", "核查", "测试"}
SCAN_CONCLUSIVE = {"compliant", "partial", "noncompliant", "not_applicable"}
PLAN_FIELDS = {"cost", "days", "owner", "deadline"}
MAX_PROBLEMS = 20


class Problems(Exception):
    pass


def load_yaml(path):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        print(f"无法读取 / cannot read {path}: {e}", file=sys.stderr)
        sys.exit(2)


def load_catalog(catalog_dir, level, extensions):
    cat = load_yaml(os.path.join(catalog_dir, "catalog.yaml"))
    types = {t["id"] for t in cat["target_types"]}
    scopes = {"general"} | set(extensions)
    units, cases = {}, {}
    for inc in cat["include"]:
        doc = load_yaml(os.path.join(catalog_dir, inc))
        if inc.endswith("high-risk-cases.yaml"):
            cases = {c["id"]: c for c in doc["cases"]}
            continue
        for it in doc.get("items", []):
            if it["level"] == level and it["scope"] in scopes:
                units[it["unit"]] = it
    return types, units, cases


def main(argv):
    args = list(argv)
    catalog_dir = os.path.normpath(os.path.join(HERE, "..", "..", "catalogs", "gbt22239-2019"))
    if "--catalog" in args:
        i = args.index("--catalog")
        catalog_dir = args[i + 1]
        del args[i:i + 2]
    system_path = args[0] if args else os.path.join(HERE, "system.yaml")
    base = os.path.dirname(os.path.abspath(system_path))
    problems = []

    def problem(msg):
        problems.append(msg)
        if len(problems) >= MAX_PROBLEMS:
            raise Problems()

    sysdoc = load_yaml(system_path)
    try:
        if sysdoc.get("format") != "dengbao-system/1":
            problem(f"{system_path}: format 须为 dengbao-system/1 / must be dengbao-system/1")
        s = sysdoc["system"]
        level = s["level"]
        if not ID_RE.match(str(s.get("id", ""))):
            problem(f"system.id {s.get('id')!r} 不合规 / is not [a-z0-9][a-z0-9-]*")
        if level not in (1, 2, 3, 4):
            problem(f"system.level {level!r} 须为 1..4 / must be 1..4")
        g = re.match(r"^S([1-4])A([1-4])$", str(s.get("grade", f"S{level}A{level}")))
        if not g or max(int(g[1]), int(g[2])) != level:
            problem(f"system.grade {s.get('grade')!r} 与级别 {level} 不符 / does not fit the level")
        exts = s.get("extensions") or []
        bc = bool(s.get("business_continuity", False))
        if s.get("kind", "self_check") not in ("self_check", "agency"):
            problem(f"system.kind {s.get('kind')!r} 须为 self_check 或 agency")
        types, units, cases = load_catalog(catalog_dir, level, exts)

        # targets
        targets = {}
        for t in sysdoc.get("targets") or []:
            tid = t.get("id")
            if not ID_RE.match(str(tid)):
                problem(f"目标 / target id {tid!r} 不合规 / is not [a-z0-9][a-z0-9-]*")
            if tid in targets:
                problem(f"目标 id 重复 / duplicate target id {tid}")
            if t.get("type") not in types:
                problem(f"目标 {tid}: 类型 {t.get('type')!r} 不在 catalog.yaml target_types 中 / unknown type")
            if t.get("scan") and t.get("root"):
                problem(f"目标 {tid}: scan 与 root 只能给一个 / give scan or root, not both")
            targets[tid] = t

        # scans: which server pairs they judge conclusively, and which cases they trigger
        judged = collections.defaultdict(set)
        matched = collections.defaultdict(set)  # case id -> target ids where it matched
        for tid, t in targets.items():
            if not t.get("scan"):
                continue
            path = os.path.join(base, t["scan"])
            if not os.path.exists(path):
                problem(f"目标 {tid}: 扫描文件不存在 / scan file missing: {t['scan']}")
                continue
            with open(path, encoding="utf-8") as f:
                scan = json.load(f)
            if scan.get("level") != level:
                problem(f"目标 {tid}: 扫描级别 {scan.get('level')} 与系统级别 {level} 不符 / scan level differs")
            for u in scan.get("units", []):
                if u.get("result") in SCAN_CONCLUSIVE:
                    judged[tid].add(u["unit"])
            for c in scan.get("high_risk", []):
                matched[c].add(tid)

        def case_applies(c):
            return (c["min_level"] <= level and (c["family"] == "general" or c["family"] in exts)
                    and (bc or not c.get("business_continuity_only")))

        def case_units(c):
            return set((c.get("units") or {}).get(f"L{level}") or [])

        # questionnaires
        answered = {}
        for qrel in sysdoc.get("questionnaires") or []:
            qpath = os.path.join(base, qrel)
            if not qrel.endswith(".yaml"):
                continue  # .xlsx workbooks are not checked here
            qdoc = load_yaml(qpath)
            if qdoc.get("format") != "dengbao-questionnaire/1":
                problem(f"{qrel}: format 须为 dengbao-questionnaire/1")
            if qdoc.get("system") != s["id"]:
                problem(f"{qrel}: system {qdoc.get('system')!r} 与 system.id {s['id']!r} 不符")
            for n, a in enumerate(qdoc.get("answers") or [], 1):
                where = f"{qrel} 第 {n} 条答案 / answer {n} ({a.get('target')} × {a.get('unit')})"
                tid, uid = a.get("target"), a.get("unit")
                if tid not in targets:
                    problem(f"{where}: 目标不存在 / unknown target")
                    continue
                if uid not in units:
                    problem(f"{where}: 第 {level} 级没有该测评单元 / no such unit at level {level}")
                    continue
                ttype = targets[tid]["type"]
                if ttype not in units[uid]["objects"]:
                    problem(f"{where}: 单元不适用于类型 {ttype} / unit does not apply to the target's type "
                            f"(objects: {units[uid]['objects']})")
                if (tid, uid) in answered:
                    problem(f"{where}: 重复作答 / duplicate answer (first: answer {answered[(tid, uid)][0]})")
                result = RESULTS.get(a.get("result"))
                if result is None:
                    problem(f"{where}: 结论 {a.get('result')!r} 无效 / invalid result")
                if not str(a.get("record") or "").strip():
                    problem(f"{where}: 缺少结果记录 / record is empty")
                bad = set(a.get("method") or []) - METHODS
                if bad:
                    problem(f"{where}: 测评方法无效 / invalid method {sorted(bad)}")
                for cid in a.get("high_risk") or []:
                    c = cases.get(cid)
                    if c is None:
                        problem(f"{where}: high_risk 案例 {cid} 不存在 / unknown case")
                    elif uid not in case_units(c):
                        problem(f"{where}: 案例 {cid} 在第 {level} 级不包含 {uid} / case does not list the unit")
                    elif not case_applies(c):
                        problem(f"{where}: 案例 {cid} 不适用于本系统 / case does not apply to this system")
                    elif result not in ("noncompliant", "partial"):
                        problem(f"{where}: high_risk 只用于不符合或部分符合 / only with noncompliant or partial")
                    else:
                        matched[cid].add(tid)
                if "not_high_risk" in a:
                    if result != "noncompliant":
                        problem(f"{where}: not_high_risk 只用于不符合 / only with noncompliant")
                    if not str(a["not_high_risk"] or "").strip():
                        problem(f"{where}: not_high_risk 须写明理由 / needs a reason")
                    if not any(uid in case_units(c) and case_applies(c) for c in cases.values()):
                        problem(f"{where}: not_high_risk 但没有适用案例列出该单元 / no applicable case lists the unit")
                if result == "noncompliant" and "not_high_risk" not in a:
                    for cid, c in cases.items():
                        if uid in case_units(c) and case_applies(c):
                            matched[cid].add(tid)  # presumed (推定)
                answered[(tid, uid)] = (n, result)

        # every required pair answered (scan-judged server pairs excepted)
        for tid, t in targets.items():
            for uid, u in units.items():
                if t["type"] in u["objects"] and uid not in judged[tid] and (tid, uid) not in answered:
                    problem(f"未作答 / unanswered: {tid} × {uid}（{u['control_point']['zh']}）")
        for (tid, uid) in answered:
            if uid in judged[tid]:
                pass  # allowed: an answer replaces the scan verdict

        # compensations
        for n, comp in enumerate(sysdoc.get("compensations") or [], 1):
            cid = str(comp.get("case"))
            c = cases.get(cid)
            where = f"compensations 第 {n} 条 / entry {n} (case {cid})"
            if c is None:
                problem(f"{where}: 案例不存在 / unknown case")
                continue
            if c.get("compensation") is None:
                problem(f"{where}: 该案例不允许补偿措施 / the case allows no compensation")
            if not case_applies(c):
                problem(f"{where}: 案例不适用于本系统 / case does not apply to this system")
            if not str(comp.get("measure") or "").strip():
                problem(f"{where}: 缺少 measure / measure is empty")
            tid = comp.get("target")
            if tid is not None and tid not in targets:
                problem(f"{where}: 目标 {tid} 不存在 / unknown target")
            hits = matched.get(cid, set())
            if (tid is None and not hits) or (tid is not None and tid not in hits):
                problem(f"{where}: 案例在{'目标 ' + tid + ' ' if tid else '任何目标'}上未被判定，补偿无对象 / "
                        f"the case does not match {'on ' + tid if tid else 'anywhere'}")

        # plan
        plan = sysdoc.get("plan") or {}
        for key in ("day_rate",):
            if key in plan and not isinstance(plan[key], (int, float)):
                problem(f"plan.{key} 须为数字 / must be a number")
        for key in ("start",):
            if key in plan and not isinstance(plan[key], datetime.date):
                problem(f"plan.{key} 须为日期 YYYY-MM-DD / must be a date")
        for item_id, fields in (plan.get("items") or {}).items():
            m = re.match(r"^(L[1-4]-[A-Z]{3}[1-5]-\d{2})@([a-z0-9][a-z0-9-]*)$", str(item_id))
            if not m:
                problem(f"plan.items {item_id!r}: 须为 \"<单元>@<目标 id>\" / must be \"<unit>@<target-id>\"")
                continue
            uid, tid = m[1], m[2]
            if tid not in targets:
                problem(f"plan.items {item_id}: 目标不存在 / unknown target")
            elif uid not in units:
                problem(f"plan.items {item_id}: 第 {level} 级没有该单元 / no such unit")
            elif targets[tid]["type"] not in units[uid]["objects"]:
                problem(f"plan.items {item_id}: 单元不适用于该目标类型 / unit does not apply to the target")
            extra = set(fields or {}) - PLAN_FIELDS
            if extra:
                problem(f"plan.items {item_id}: 未知字段 / unknown fields {sorted(extra)}")
            for k in ("cost", "days"):
                if k in fields and (not isinstance(fields[k], (int, float)) or fields[k] < 0):
                    problem(f"plan.items {item_id}: {k} 须为非负数 / must be a non-negative number")
            if "deadline" in fields and not isinstance(fields["deadline"], datetime.date):
                problem(f"plan.items {item_id}: deadline 须为日期 / must be a date")
    except Problems:
        pass
    except (KeyError, TypeError, AttributeError) as e:
        problems.append(f"结构错误 / malformed input: {e!r}")

    if problems:
        print(f"示例不一致 / example is inconsistent ({len(problems)}{'+' if len(problems) >= MAX_PROBLEMS else ''}):",
              file=sys.stderr)
        for p in problems:
            print("  - " + p, file=sys.stderr)
        return 1

    counts = collections.Counter(r for _, r in answered.values())
    print(f"通过 / OK: {len(targets)} 个目标 / targets, {len(answered)} 条答案 / answers "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print("判定的高风险案例 / matched high-risk cases: "
          + "; ".join(f"{c} @ {', '.join(sorted(t))}" for c, t in sorted(matched.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
