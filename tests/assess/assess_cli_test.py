"""End-to-end tests of `dengbao assess`, `assess questionnaire`, `plan` and `report` on the
worked example (examples/hospital) and on small generated systems: the JSON contract, the
optimiser's plan under what-if, documents that LibreOffice opens, and questionnaire round trips
with bad cells rejected by sheet/row/column.

LibreOffice (soffice) and pdftotext are required: CI installs them (scripts/deps.sh). Set
DENGBAO_NO_OFFICE=1 to skip only the conversions on a machine without them.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import zipfile

import yaml

BIN = os.environ.get("DENGBAO_BIN", "build/debug/src/cli/dengbao")
SRC = os.environ.get("DENGBAO_SOURCE_DIR", os.getcwd())
EXAMPLE = os.path.join(SRC, "examples", "hospital", "system.yaml")
NO_OFFICE = os.environ.get("DENGBAO_NO_OFFICE") == "1"


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def run(*args, check=None):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=300)
    if check is not None and p.returncode != check:
        raise AssertionError(f"{args}: exit {p.returncode}, expected {check}\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
    return p


def run_json(*args, check=None):
    p = run(*args, "--json", check=check)
    return json.loads(p.stdout), p.returncode


CELL = re.compile(r'<c r="([A-Z]+)(\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def set_cell(sheet_xml, column, row, value):
    """Replaces or inserts an inline-string cell, keeping cells in column order."""
    def fix_row(m):
        cells = [(col_index(c.group(1)), c.group(0)) for c in CELL.finditer(m.group(2))
                 if c.group(1) != column]
        cells.append((col_index(column), f'<c r="{column}{row}" t="inlineStr"><is><t>{value}</t></is></c>'))
        cells.sort()
        return m.group(1) + "".join(c for _, c in cells) + "</row>"
    return re.sub(rf'(<row r="{row}"[^>]*>)(.*?)</row>', fix_row, sheet_xml, flags=re.S)


def rewrite_sheets(src, dst, edit):
    """Copies an XLSX, passing every worksheet's XML through edit(name, xml)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = edit(item.filename, data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data)


def soffice_convert(path, fmt, outdir):
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        p = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                            "--outdir", outdir, path], capture_output=True, text=True, timeout=240)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return p


class ExampleAssessment(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc, cls.code = run_json("assess", "--system", EXAMPLE, "--details")

    def test_contract_fields(self):
        for key in ("score", "conclusion", "conclusion_2025", "high_risk", "findings", "rate_2025", "scores"):
            self.assertIn(key, self.doc)
        self.assertIsInstance(self.doc["score"], (int, float))
        self.assertTrue(0 <= self.doc["score"] <= 100)
        self.assertIn(self.doc["conclusion"], ("优", "良", "中", "差"))
        self.assertIn(self.doc["conclusion_2025"], ("符合", "基本符合", "不符合"))
        self.assertTrue(all(re.fullmatch(r"\d+(\.\d+)+", c) for c in self.doc["high_risk"]))
        self.assertTrue(self.doc["estimate"])

    def test_planted_high_risks_are_found(self):
        # examples/hospital/README.md lists what was planted.
        for case in ("6.4.1.1", "6.4.1.2", "6.5.1.1", "6.5.1.2"):
            self.assertIn(case, self.doc["high_risk"])
        # 6.4.1.3 (no MFA) is compensated by the bastion host for every server.
        self.assertIn("6.4.1.3", self.doc["high_risk_compensated"])
        self.assertNotIn("6.4.1.3", self.doc["high_risk"])
        comp = [h for h in self.doc["high_risk_details"] if h["case"] == "6.4.1.3"]
        self.assertTrue(comp and all(h["compensated"] and h["adjusted_risk"] == "medium" for h in comp))

    def test_any_high_risk_makes_it_fail(self):
        self.assertEqual(self.doc["conclusion"], "差")
        self.assertFalse(self.doc["pass"])
        self.assertEqual(self.code, 1)

    def test_findings_have_ids_risks_and_records(self):
        self.assertGreater(len(self.doc["findings"]), 24)
        for f in self.doc["findings"]:
            self.assertRegex(f["id"], r"^L3-[A-Z]{3}\d-\d\d@[a-z0-9-]+$")
            self.assertIn(f["risk"], ("high", "medium", "low"))
            self.assertIn(f["result"], ("partial", "noncompliant"))

    def test_arithmetic_matches_score(self):
        s = next(x for x in self.doc["scores"] if x["profile"] == "mlps-2021")
        self.assertAlmostEqual(100 * s["weighted"] / s["weight_total"], s["score"], delta=0.01)
        self.assertTrue(any("Σ" in line for line in s["arithmetic"]))
        self.assertEqual(len(s["categories"]), 10)

    def test_text_output_is_chinese_first(self):
        p = run("assess", "--system", EXAMPLE)
        self.assertIn("高风险问题", p.stdout)
        self.assertIn("估算", p.stdout)


class ExamplePlan(unittest.TestCase):
    def what_if(self, ids):
        doc, _ = run_json("plan", "--system", EXAMPLE, "--assume-done", ",".join(ids) if ids else "none-at-all")
        return doc

    def test_pass_plan_passes_and_every_item_is_needed(self):
        doc, code = run_json("plan", "--system", EXAMPLE, "--target", "pass", check=0)
        self.assertTrue(doc["feasible"])
        self.assertTrue(doc["items"])
        self.assertEqual(doc["total_cost"], sum(i["cost"] for i in doc["items"]))
        self.assertTrue(doc["pass"])
        self.assertEqual(doc["high_risk"], [])
        ids = [i["id"] for i in doc["items"]]
        after = run_json("plan", "--system", EXAMPLE, "--assume-done", ",".join(ids), check=0)[0]
        self.assertTrue(after["after"]["pass"])
        for drop in ids:
            rest = [i for i in ids if i != drop]
            w = run_json("plan", "--system", EXAMPLE, "--assume-done", ",".join(rest), check=0)[0]
            self.assertFalse(w["after"]["pass"], f"{drop} is not needed")

    def test_higher_goal_costs_at_least_as_much(self):
        costs = {}
        for goal in ("pass", "良", "优"):
            doc, _ = run_json("plan", "--system", EXAMPLE, "--target", goal)
            if doc["feasible"]:
                costs[goal] = doc["total_cost"]
        self.assertIn("pass", costs)
        if "良" in costs:
            self.assertGreaterEqual(costs["良"], costs["pass"])
        if "优" in costs and "良" in costs:
            self.assertGreaterEqual(costs["优"], costs["良"])

    def test_budget_is_respected(self):
        for budget in (0, 30000, 200000):
            doc, _ = run_json("plan", "--system", EXAMPLE, "--budget", str(budget), check=0)
            self.assertLessEqual(doc["total_cost"], budget)

    def test_unknown_item_and_bad_goal_are_usage_errors(self):
        p = run("plan", "--system", EXAMPLE, "--assume-done", "L3-XXX1-01@nowhere")
        self.assertEqual(p.returncode, 2)
        self.assertIn("L3-XXX1-01@nowhere", p.stderr)
        p = run("plan", "--system", EXAMPLE, "--target", "excellent-ish")
        self.assertEqual(p.returncode, 2)


class Documents(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="dengbao-report-")
        cls.assessment, _ = run_json("assess", "--system", EXAMPLE)
        cls.plan, _ = run_json("plan", "--system", EXAMPLE, "--target", "pass")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def write(self, fmt, *extra):
        out = os.path.join(self.tmp, f"his.{fmt}")
        run("report", "--system", EXAMPLE, "--format", fmt, "--output", out, *extra, check=0)
        self.assertGreater(os.path.getsize(out), 1000)
        return out

    def test_docx_opens_in_libreoffice_with_conclusion_and_plan(self):
        path = self.write("docx")
        with zipfile.ZipFile(path) as z:
            body = z.read("word/document.xml").decode("utf-8")
            self.assertIn("Heading1", body)
            footer = "".join(z.read(n).decode("utf-8") for n in z.namelist() if "footer" in n)
            self.assertIn("PAGE", footer)
        if NO_OFFICE:
            self.skipTest("DENGBAO_NO_OFFICE=1")
        p = soffice_convert(path, "pdf", self.tmp)
        pdf = os.path.join(self.tmp, "his.pdf")
        self.assertTrue(os.path.exists(pdf), (p.stderr + p.stdout)[-2000:])
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
        self.assertIn("整改方案", text)
        self.assertIn("预测结论", text)
        self.assertIn(self.assessment["conclusion"], text)
        self.assertIn("推荐方案", text)
        self.assertIn("整改项清单", text)
        self.assertIn("第 1 页", text)  # footer page numbers

    def test_xlsx_has_one_row_per_target_unit(self):
        path = self.write("xlsx")
        expected = sum(len(u["targets"]) for u in self.assessment["units"])
        with zipfile.ZipFile(path) as z:
            wb = z.read("xl/workbook.xml").decode("utf-8")
            self.assertIn("测评记录", wb)
            sheets = sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
            rows = max(len(re.findall(r"<row ", z.read(n).decode("utf-8"))) for n in sheets)
        self.assertEqual(rows, expected + 1)  # + header
        if NO_OFFICE:
            self.skipTest("DENGBAO_NO_OFFICE=1")
        p = soffice_convert(path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
                            self.tmp)
        csvs = [f for f in os.listdir(self.tmp) if f.endswith(".csv")]
        self.assertTrue(csvs, p.stderr + p.stdout)
        record_sheet = max((os.path.join(self.tmp, f) for f in csvs), key=os.path.getsize)
        with open(record_sheet, encoding="utf-8") as f:
            lines = [l for l in f.read().splitlines() if re.search(r"L3-[A-Z]{3}1-\d\d", l)]
        self.assertGreaterEqual(len(lines), expected)

    def test_html_and_markdown_carry_the_same_conclusion(self):
        html = read_text(self.write("html"))
        md = read_text(self.write("md"))
        for text in (html, md):
            self.assertIn("差距分析", text)
            self.assertIn(self.assessment["high_risk"][0], text)
        self.assertIn("Content-Security-Policy", html)

    def test_plan_only_and_gap_only(self):
        plan_md = read_text(self.write("md", "--kind", "plan"))
        self.assertIn("整改项清单", plan_md)
        self.assertNotIn("安全问题清单", plan_md)
        gap_md = read_text(self.write("md", "--kind", "gap"))
        self.assertIn("安全问题清单", gap_md)
        self.assertNotIn("整改项清单", gap_md)

    def test_binary_formats_need_output(self):
        p = run("report", "--system", EXAMPLE, "--format", "docx")
        self.assertEqual(p.returncode, 2)


def small_system(tmp, extra=""):
    path = os.path.join(tmp, "system.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("""format: dengbao-system/1
system: {id: clinic, name: 社区医院门诊系统, organisation: 测试卫生院, level: 3, assessed_on: 2026-11-20}
targets:
  - {id: room, name: 机房, type: physical_room}
  - {id: docs, name: 管理文档, type: management_doc}
  - {id: staff, name: 信息科人员, type: personnel}
  - {id: srv, name: 门诊服务器, type: server_os}
  - {id: db, name: 门诊数据库, type: database}
  - {id: sw, name: 核心交换机, type: network_device}
  - {id: fw, name: 防火墙, type: security_device}
  - {id: app, name: 门诊系统, type: application}
  - {id: mp, name: 运维平台, type: management_platform}
  - {id: ws, name: 医生工作站, type: terminal}
  - {id: data, name: 患者数据, type: data}
  - {id: net, name: 全网, type: system_wide}
  - {id: mw, name: 中间件, type: middleware}
""" + extra)
    return path


class Questionnaires(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dengbao-q-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def filled(self, system, result="符合", change=None):
        q = os.path.join(self.tmp, "q.yaml")
        run("assess", "questionnaire", "--system", system, "--format", "yaml", "--output", q, check=0)
        doc = yaml.safe_load(read_text(q))
        for a in doc["answers"]:
            a["result"] = result
            a["record"] = "已核查"
            if change and a["unit"] in change:
                a.update(change[a["unit"]])
        with open(q, "w", encoding="utf-8") as f:
            yaml.safe_dump(doc, f, allow_unicode=True)
        return q

    def test_all_compliant_scores_100_and_best(self):
        system = small_system(self.tmp)
        q = self.filled(system)
        doc, code = run_json("assess", "--system", system, "--questionnaire", q)
        self.assertEqual(doc["score"], 100)
        self.assertEqual(doc["conclusion"], "优")
        self.assertEqual(doc["conclusion_2025"], "符合")
        self.assertEqual(code, 0)

    def test_one_high_risk_fails_and_compensation_lifts_it(self):
        system = small_system(self.tmp)
        q = self.filled(system, change={"L3-PES1-03": {"result": "不符合"}})
        doc, code = run_json("assess", "--system", system, "--questionnaire", q)
        self.assertEqual(doc["high_risk"], ["6.1.1.1"])
        self.assertGreater(doc["score"], 95)
        self.assertEqual(doc["conclusion"], "差")
        self.assertEqual(code, 1)
        system = small_system(self.tmp, """compensations:
  - {case: "6.1.1.1", measure: 楼宇门禁受控且机房门口有专人监看的视频, reason: 已核查监控值守记录}
""")
        doc, code = run_json("assess", "--system", system, "--questionnaire", q)
        self.assertEqual(doc["high_risk"], [])
        self.assertEqual(doc["high_risk_compensated"], ["6.1.1.1"])
        self.assertNotEqual(doc["conclusion"], "差")
        self.assertEqual(code, 0)

    def test_xlsx_round_trip_through_libreoffice(self):
        system = small_system(self.tmp)
        x = os.path.join(self.tmp, "q.xlsx")
        run("assess", "questionnaire", "--system", system, "--format", "xlsx", "--output", x, check=0)
        # Fill 符合情况 (column G) of every data row on every sheet.
        filled = os.path.join(self.tmp, "filled.xlsx")

        def fill(name, xml):
            rows = [int(r) for r in re.findall(r'<row r="(\d+)"', xml)]
            if name.endswith("sheet1.xml"):
                return xml  # 填写说明
            for r in rows[1:]:
                xml = set_cell(xml, "G", r, "符合")
            return xml
        rewrite_sheets(x, filled, fill)
        doc, _ = run_json("assess", "--system", system, "--questionnaire", filled)
        self.assertEqual(doc["score"], 100, doc["warnings"])
        if NO_OFFICE:
            self.skipTest("DENGBAO_NO_OFFICE=1")
        resaved_dir = os.path.join(self.tmp, "resaved")
        os.makedirs(resaved_dir)
        p = soffice_convert(filled, "xlsx", resaved_dir)
        resaved = os.path.join(resaved_dir, "filled.xlsx")
        self.assertTrue(os.path.exists(resaved), p.stderr)
        doc, _ = run_json("assess", "--system", system, "--questionnaire", resaved)
        self.assertEqual(doc["score"], 100)

    def test_bad_cell_is_rejected_with_sheet_row_column(self):
        system = small_system(self.tmp)
        x = os.path.join(self.tmp, "q.xlsx")
        run("assess", "questionnaire", "--system", system, "--format", "xlsx", "--output", x, check=0)
        bad = os.path.join(self.tmp, "bad.xlsx")
        rewrite_sheets(x, bad, lambda name, xml: set_cell(xml, "G", 5, "还行吧") if name.endswith("sheet2.xml") else xml)
        p = run("assess", "--system", system, "--questionnaire", bad)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn("还行吧", p.stderr)
        self.assertIn("第 5 行", p.stderr)
        self.assertIn("G 列", p.stderr)
        self.assertIn("工作表", p.stderr)
        self.assertIn("部分符合", p.stderr)  # the allowed values

    def test_not_a_workbook(self):
        system = small_system(self.tmp)
        junk = os.path.join(self.tmp, "junk.xlsx")
        with open(junk, "wb") as f:
            f.write(b"PK\x03\x04 this is not a zip at all")
        p = run("assess", "--system", system, "--questionnaire", junk)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn("junk.xlsx", p.stderr)

    def test_broken_system_description(self):
        path = os.path.join(self.tmp, "broken.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write("format: dengbao-system/1\nsystem: {id: x, name: X, level: 7}\ntargets: []\n")
        p = run("assess", "--system", path)
        self.assertEqual(p.returncode, 3)
        self.assertIn("broken.yaml:2", p.stderr)
        with open(path, "w", encoding="utf-8") as f:
            f.write("format: dengbao-system/1\nsystem: [unclosed\n")
        p = run("assess", "--system", path)
        self.assertEqual(p.returncode, 3)
        self.assertIn("broken.yaml", p.stderr)
        p = run("assess", "--system", os.path.join(self.tmp, "missing.yaml"))
        self.assertEqual(p.returncode, 4)

    def test_html_escapes_hostile_records(self):
        system = small_system(self.tmp)
        q = self.filled(system, change={"L3-PES1-01": {"result": "不符合", "record": "<script>alert(1)</script>"}})
        out = os.path.join(self.tmp, "r.html")
        run("report", "--system", system, "--questionnaire", q, "--format", "html", "--output", out, check=0)
        html = read_text(out)
        self.assertNotIn("<script>alert", html)
        self.assertIn("&lt;script&gt;", html)


if __name__ == "__main__":
    unittest.main()
