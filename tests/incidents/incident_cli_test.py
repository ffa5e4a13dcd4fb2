"""End-to-end test of the incident, drill and training commands on a temporary SQLite file: the
reporting countdown, a late report, the report draft, drill due dates and CSV imports (a bad file
fails naming its line and writes nothing).

DENGBAO_BIN names the binary (set by CTest); DENGBAO_SOURCE_DIR the source tree. DENGBAO_TODAY
fixes today (2026-11-20) and so "now" (2026-11-20T04:00:00Z, noon in Beijing).
"""
import json
import os
import subprocess
import tempfile
import unittest

BIN = os.environ.get("DENGBAO_BIN", "build/debug/src/cli/dengbao")
SRC = os.environ.get("DENGBAO_SOURCE_DIR", os.getcwd())
SYSTEM = os.path.join(SRC, "examples", "hospital", "system.yaml")


class IncidentCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.url = "sqlite:" + os.path.join(self.tmp.name, "d.db")
        self.env = dict(os.environ, DENGBAO_TODAY="2026-11-20")
        self.check(self.run_cli("system", "import", SYSTEM), 0)

    def tearDown(self):
        self.tmp.cleanup()

    def run_cli(self, *args):
        return subprocess.run([BIN, *args, "--db", self.url], capture_output=True, text=True, timeout=60,
                              env=self.env)

    def check(self, p, code):
        self.assertEqual(p.returncode, code, f"stdout: {p.stdout[:2000]}\nstderr: {p.stderr[:2000]}")

    def json_of(self, *args):
        p = self.run_cli(*args, "--json")
        self.check(p, 0)
        return json.loads(p.stdout)

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_incident_countdown_report_and_draft(self):
        inc = self.json_of("incident", "open", "--system", "his", "--title", "HIS 服务器勒索病毒", "--grade", "较大",
                           "--operator", "cii", "--discovered", "2026-11-20T03:30:00Z")
        self.assertEqual(inc["id"], "INC-2026-0001")
        self.assertEqual(inc["deadline_at"], "2026-11-20T04:30:00Z")
        self.assertEqual(inc["deadline_hours"], 1)
        self.assertIn("L3-MMS1-37", inc["units"])
        late = self.json_of("incident", "open", "--system", "his", "--title", "门户网站被篡改", "--grade", "重大",
                            "--operator", "关键信息基础设施运营者", "--discovered", "2026-11-20T02:00:00Z")
        self.assertEqual(late["id"], "INC-2026-0002")
        general = self.json_of("incident", "open", "--system", "his", "--title", "钓鱼邮件", "--grade", "一般",
                               "--operator", "other")
        self.assertEqual(general["deadline_at"], "")
        self.assertEqual(general["discovered_at"], "2026-11-20T04:00:00Z")

        p = self.run_cli("incident", "open", "--system", "his", "--title", "x", "--grade", "较大", "--operator",
                         "cii", "--discovered", "2026-11-21T00:00:00Z")
        self.check(p, 2)
        self.assertIn("future", p.stderr)
        self.check(self.run_cli("incident", "open", "--system", "nope", "--title", "x", "--grade", "较大",
                                "--operator", "cii"), 4)
        self.check(self.run_cli("incident", "log", "INC-2026-0001", "--text", "x", "--as", "ghost"), 4)

        listed = {i["id"]: i for i in self.json_of("incident", "list")}
        self.assertEqual(listed["INC-2026-0001"]["seconds_left"], 1800)
        self.assertFalse(listed["INC-2026-0001"]["late"])
        self.assertEqual(listed["INC-2026-0002"]["seconds_left"], -3600)
        self.assertTrue(listed["INC-2026-0002"]["late"])
        self.assertIsNone(listed["INC-2026-0003"]["seconds_left"])
        p = self.run_cli("incident", "list")
        self.check(p, 0)
        self.assertIn("剩 0 小时 30 分", p.stdout)
        self.assertIn("超时 1 小时 0 分", p.stdout)

        self.check(self.run_cli("incident", "log", "INC-2026-0001", "--text", "已断开受感染主机网络"), 0)
        rep = self.json_of("incident", "report", "INC-2026-0001", "--at", "2026-11-20T03:50:00Z")
        self.assertFalse(rep["late"])
        self.assertEqual(rep["status"], "reported")
        p = self.run_cli("incident", "report", "INC-2026-0002")
        self.check(p, 0)
        self.assertIn("迟报", p.stdout)
        self.assertTrue(self.json_of("incident", "show", "INC-2026-0002")["late"])

        draft = os.path.join(self.tmp.name, "draft.md")
        self.check(self.run_cli("incident", "draft", "INC-2026-0001", "--output", draft), 0)
        with open(draft, encoding="utf-8") as f:
            md = f.read()
        for want in ["网络安全事件报告", "江北市第一人民医院", "医院信息系统（HIS）", "第3级（S3A3）", "较大",
                     "关键信息基础设施运营者", "1 小时内报告", "2026-11-20 11:30:00（北京时间）",
                     "2026-11-20T03:30:00Z（UTC）", "2026-11-20 12:30:00", "已报告", "已断开受感染主机网络",
                     "影响范围", "（待填写）"]:
            self.assertIn(want, md)

        self.check(self.run_cli("incident", "close", "INC-2026-0001"), 2)  # --summary required
        closed = self.json_of("incident", "close", "INC-2026-0001", "--summary", "已从备份恢复")
        self.assertEqual(closed["status"], "closed")
        self.assertEqual([e["seq"] for e in closed["events"]], ["1", "2", "3", "4"])
        self.assertNotIn("INC-2026-0001", [i["id"] for i in self.json_of("incident", "list", "--open")])
        self.check(self.run_cli("audit", "verify"), 0)

    def test_drills_due(self):
        plan = self.json_of("drill", "plan", "P-HIS", "--system", "his", "--name", "HIS 勒索病毒应急预案",
                            "--approved", "2025-01-01", "--version", "2", "--owner", "信息科")
        self.assertEqual(plan["version"], "2")  # the command's own --version, not the global flag
        self.check(self.run_cli("drill", "plan", "P-X", "--system", "his"), 2)  # --name missing
        (due,) = self.json_of("drill", "due")
        self.assertTrue(due["required"])
        self.assertEqual(due["due"], "2026-01-01")
        self.assertEqual(due["state"]["stage"], "leadership")
        self.assertIsNone(due["last_drill"])
        self.assertIn("L3-MMS1-43", due["units"])

        self.check(self.run_cli("drill", "record", "D-1", "--plan", "P-HIS", "--date", "2026-06-01", "--kind",
                                "bogus"), 2)
        self.check(self.run_cli("drill", "record", "D-1", "--plan", "P-HIS", "--date", "2026-06-01", "--kind",
                                "桌面推演", "--participants", "15", "--result", "通过"), 0)
        (due,) = self.json_of("drill", "due")
        self.assertEqual(due["last_drill"]["id"], "D-1")
        self.assertEqual(due["due"], "2027-06-01")
        self.assertEqual(due["state"]["stage"], "none")
        p = self.run_cli("drill", "due")
        self.check(p, 0)
        self.assertIn("2027-06-01", p.stdout)

    def test_training_import(self):
        self.check(self.run_cli("training", "add", "T-1", "--title", "全员网络安全意识培训", "--date", "2026-11-01",
                                "--trainer", "信息科"), 0)
        bad = self.write("bad.csv", "姓名,部门,工号,签到,成绩\n张三,信息科,1001,是,90\n李四,护理部,1002,也许,\n")
        p = self.run_cli("training", "import", "T-1", "--attendance", bad)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("bad.csv:3", p.stderr)
        self.assertEqual(self.json_of("training", "show", "T-1")["summary"]["people"], 0)

        good = self.write("good.csv", "姓名,部门,工号,签到,成绩\n张三,信息科,1001,是,90\n李四,护理部,1002,否,\n"
                                      "王五,药剂科,1003,是,80\n赵六,门诊部,1004,是,\n")
        out = self.json_of("training", "import", "T-1", "--attendance", good)
        self.assertEqual(out["import"]["rows"], 4)
        self.assertEqual(out["summary"]["attended"], 3)
        self.assertAlmostEqual(out["summary"]["attendance_rate"], 0.75)
        self.assertEqual(out["summary"]["average_score"], 85)
        self.assertEqual(out["units"], ["L3-HRS1-06", "L3-HRS1-08"])
        self.check(self.run_cli("training", "import", "T-1", "--attendance", good), 3)  # already imported
        self.check(self.run_cli("training", "import", "T-1", "--phishing", good), 2)  # wrong kind
        shorter = self.write("short.csv", "姓名,签到\n张三,是\n")
        out = self.json_of("training", "import", "T-1", "--attendance", shorter, "--replace")
        self.assertEqual(out["import"]["removed"], 3)
        self.assertEqual(len(out["records"]), 1)

        self.check(self.run_cli("training", "add", "PH-1", "--title", "钓鱼邮件演练", "--date", "2026-11-10",
                                "--kind", "phishing"), 0)
        ph = self.write("ph.csv", "姓名,部门,邮箱,点击,提交凭据,上报\n张三,信息科,a@h.cn,是,是,否\n"
                                  "李四,护理部,b@h.cn,否,否,是\n")
        out = self.json_of("training", "import", "PH-1", "--phishing", ph)
        self.assertAlmostEqual(out["summary"]["click_rate"], 0.5)
        self.assertAlmostEqual(out["summary"]["report_rate"], 0.5)
        p = self.run_cli("training", "list")
        self.check(p, 0)
        self.assertIn("点击率 50.0%", p.stdout)
        self.assertIn("签到率 100.0%", p.stdout)
        self.assertEqual([s["id"] for s in self.json_of("training", "list")], ["T-1", "PH-1"])
        self.check(self.run_cli("audit", "verify"), 0)


if __name__ == "__main__":
    unittest.main()
