"""End-to-end test of the inspection and hazard commands on SQLite: import the hospital example,
add users and a site, schedule the machine-room daily patrol, run it with an abnormal
temperature, follow the hazard through notice, extension, escalation and recheck, and read the
monthly report. DENGBAO_TODAY moves time.

DENGBAO_BIN names the binary (set by CTest); DENGBAO_SOURCE_DIR the source tree.
"""
import json
import os
import subprocess
import tempfile
import unittest

BIN = os.environ.get("DENGBAO_BIN", "build/debug/src/cli/dengbao")
SRC = os.environ.get("DENGBAO_SOURCE_DIR", os.getcwd())
SYSTEM = os.path.join(SRC, "examples", "hospital", "system.yaml")
ORG = "江北市第一人民医院"


class OpsCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.url = "sqlite:" + os.path.join(self.tmp.name, "d.db")
        self.today = "2026-11-20"

    def tearDown(self):
        self.tmp.cleanup()

    def run_cli(self, *args):
        env = dict(os.environ, DENGBAO_TODAY=self.today)
        return subprocess.run([BIN, *args, "--db", self.url], capture_output=True, text=True, timeout=60, env=env)

    def ok(self, *args):
        p = self.run_cli(*args)
        self.assertEqual(p.returncode, 0, f"{args}\nstdout: {p.stdout[:2000]}\nstderr: {p.stderr[:2000]}")
        return p

    def js(self, *args):
        return json.loads(self.ok(*args, "--json").stdout)

    def fails(self, code, *args):
        p = self.run_cli(*args)
        self.assertEqual(p.returncode, code, f"{args}\nstdout: {p.stdout[:2000]}\nstderr: {p.stderr[:2000]}")
        return p

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def normal_answers(self):
        """YAML answering every item of machine-room-daily normally."""
        (t,) = [t for t in self.js("inspect", "templates") if t["id"] == "machine-room-daily"]
        lines = []
        for item in t["items"]:
            if item["kind"] == "number":
                value = (item.get("min", 0) + item.get("max", item.get("min", 0))) / 2
            elif item["kind"] == "check":
                value = "正常"
            else:
                value = "无"
            lines.append(f"{item['id']}: {value}")
        return lines

    def setup_world(self):
        self.ok("system", "import", SYSTEM)
        self.ok("site", "add", "main", "--org", ORG, "--name", "本部院区")
        self.ok("user", "add", "boss", "--role", "secadmin", "--name", "王主任")
        self.ok("user", "add", "zhang", "--role", "owner", "--name", "张工", "--manager", "boss")
        self.ok("user", "add", "li", "--role", "sysadmin", "--name", "李工")
        s = self.js("inspect", "schedule", "mr-daily", "--template", "machine-room-daily", "--start", "2026-11-01",
                    "--site", "main", "--owner", "zhang", "--as", "li")
        self.assertEqual(s["site_id"], f"{ORG}/main")
        self.assertEqual(s["frequency"], "daily")

    def test_patrol_hazard_lifecycle_and_report(self):
        self.setup_world()
        self.assertIn("机房日常巡检", self.ok("inspect", "templates").stdout)

        lines = [l for l in self.normal_answers() if not l.startswith("temperature:")]
        lines.append("temperature: {value: 29.5, note: 机房 A 区 3 号列}")
        answers = self.write("answers.yaml", "\n".join(lines) + "\n")
        run = self.js("inspect", "run", "mr-daily", "--date", "2026-11-20", "--inspector", "li", "--answers",
                      answers, "--as", "li")
        self.assertEqual(run["abnormal"], "1")
        self.assertTrue(run["answers"]["temperature"]["abnormal"])
        (h,) = run["hazards"]
        self.assertEqual(h["id"], "HZ-2026-0001")
        self.assertEqual(h["deadline"], "2026-12-20")  # general: 30 days
        self.assertEqual(h["location"], "机房 A 区 3 号列")
        self.assertEqual(h["responsible"], "zhang")
        self.assertIn("HZ-2026-0001", self.ok("hazard", "list").stdout)

        notice_md = os.path.join(self.tmp.name, "notice.md")
        self.ok("hazard", "notice", "HZ-2026-0001", "--output", notice_md, "--as", "li")
        with open(notice_md, encoding="utf-8") as f:
            notice = f.read()
        for text in ("隐患整改通知书", "HZ-2026-0001", "机房 A 区 3 号列", "一般隐患", "2026-12-20", "张工", "下发日期"):
            self.assertIn(text, notice)
        self.assertEqual(self.js("hazard", "show", "HZ-2026-0001")["status"], "rectifying")

        # Extension: asked by the responsible person, approved by someone else.
        self.fails(2, "hazard", "extend", "HZ-2026-0001", "--to", "2026-12-01", "--reason", "x", "--as", "zhang")
        self.ok("hazard", "extend", "HZ-2026-0001", "--to", "2027-01-10", "--reason", "空调备件未到", "--as", "zhang")
        p = self.fails(2, "hazard", "approve-extension", "HZ-2026-0001", "--approver", "zhang", "--as", "zhang")
        self.assertIn("责任人", p.stderr)
        v = self.js("hazard", "approve-extension", "HZ-2026-0001", "--approver", "boss", "--as", "boss")
        self.assertEqual(v["effective_deadline"], "2027-01-10")
        self.assertEqual(v["extension_status"], "approved")

        # Escalation from dates only.
        self.today = "2027-01-12"
        (o,) = self.js("hazard", "list", "--overdue")
        self.assertEqual(o["state"]["stage"], "overdue")
        self.assertEqual(o["state"]["days_overdue"], 2)
        self.assertEqual(o["escalate_to"], "zhang")
        self.today = "2027-01-19"
        (o,) = self.js("hazard", "list", "--overdue")
        self.assertEqual(o["state"]["stage"], "escalated")
        self.assertEqual(o["escalate_to"], "boss")
        self.assertIn("督办", self.ok("hazard", "list", "--overdue").stdout)

        # Rectify, recheck by someone else.
        self.ok("hazard", "rectify", "HZ-2026-0001", "--measures", "更换压缩机，温度恢复 23 ℃", "--as", "zhang")
        self.fails(2, "hazard", "recheck", "HZ-2026-0001", "--by", "zhang", "--pass")
        self.fails(2, "hazard", "recheck", "HZ-2026-0001", "--by", "boss")  # neither --pass nor --fail
        closed = self.js("hazard", "recheck", "HZ-2026-0001", "--by", "boss", "--pass", "--as", "boss")
        self.assertEqual(closed["status"], "closed")
        self.assertEqual(closed["closed_on"], "2027-01-19")
        self.assertEqual(self.js("hazard", "list", "--overdue"), [])
        self.assertEqual(len(self.js("hazard", "list", "--status", "closed")), 1)

        # Monthly report for November, seen on 2026-11-30.
        self.today = "2026-11-30"
        due = self.js("inspect", "due")
        self.assertEqual(len(due[0]["missed"]), 28)  # 11-01 … 11-29 except 11-20
        report_md = os.path.join(self.tmp.name, "report.md")
        self.ok("inspect", "report", "--month", "2026-11", "--output", report_md)
        with open(report_md, encoding="utf-8") as f:
            self.assertIn("# 月度安全巡检报告（2026-11）", f.read())
        r = self.js("inspect", "report", "--month", "2026-11")
        self.assertEqual(r["periods_due"], 30)
        self.assertEqual(r["periods_done"], 1)
        self.assertEqual(r["missed"], 28)
        self.assertEqual(len(r["abnormal"]), 1)
        self.assertEqual(len(r["hazards_found"]), 1)

        self.ok("audit", "verify")
        actions = {e["action"] for e in self.js("audit", "log", "--limit", "100")}
        for a in ("inspection.schedule", "inspection.run", "hazard.raise", "hazard.notice", "hazard.extend",
                  "hazard.approve_extension", "hazard.rectify", "hazard.recheck_pass"):
            self.assertIn(a, actions)

    def test_missed_days_and_inline_answers(self):
        self.setup_world()
        lines = self.normal_answers()
        inline = ",".join(l.replace(": ", "=", 1) for l in lines)
        run = self.js("inspect", "run", "mr-daily", "--date", "2026-11-19", "--inspector", "li", "--answer", inline)
        self.assertEqual(run["hazards"], [])
        (d,) = self.js("inspect", "due")
        self.assertEqual(d["next_due"], "2026-11-20")
        self.assertEqual(d["state"]["stage"], "reminder")
        self.assertEqual(d["missed"][0], {"first": "2026-11-01", "last": "2026-11-01"})
        self.assertEqual(len(d["missed"]), 18)  # 11-01 … 11-18
        self.assertIn("每日", self.ok("inspect", "due").stdout)

    def test_bad_answers_are_refused(self):
        self.setup_world()
        partial = self.write("partial.yaml", "temperature: 22\nups-status: 正常\nfan: ok\n")
        p = self.fails(2, "inspect", "run", "mr-daily", "--date", "2026-11-20", "--inspector", "li", "--answers",
                       partial)
        self.assertIn("缺少检查项的答案", p.stderr)
        self.assertIn("humidity", p.stderr)
        self.assertIn("fan", p.stderr)
        broken = self.write("broken.yaml", "temperature: [22\n")
        p = self.fails(3, "inspect", "run", "mr-daily", "--answers", broken)
        self.assertIn("broken.yaml", p.stderr)
        lines = self.normal_answers()
        lines[0] = "temperature: 热"
        p = self.fails(2, "inspect", "run", "mr-daily", "--inspector", "li", "--answers",
                       self.write("nan.yaml", "\n".join(lines)))
        self.assertIn("temperature", p.stderr)
        self.fails(4, "inspect", "run", "mr-daily", "--answers", os.path.join(self.tmp.name, "missing.yaml"))
        self.fails(2, "inspect", "run", "mr-daily")  # no answers at all
        self.fails(4, "inspect", "run", "nope", "--answer", "a=1")
        self.fails(4, "inspect", "schedule", "x", "--template", "nope", "--start", "2026-11-01", "--owner", "zhang")
        self.fails(2, "inspect", "report", "--month", "2026-13")
        self.fails(4, "hazard", "show", "HZ-2026-0099")
        self.assertEqual(self.js("hazard", "list"), [])
        err = json.loads(self.fails(2, "inspect", "run", "mr-daily", "--answers", partial, "--as", "li",
                                    "--json").stdout)
        self.assertIn("missing answers", err["error"]["message"])
        self.ok("audit", "verify")


if __name__ == "__main__":
    unittest.main()
