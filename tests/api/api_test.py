"""The REST API through `dengbao serve` on a loopback port (issue #6), with a real SQLite store,
real TLS and real accounts: first-run setup, TOTP enrolment, the three separated duties plus
remediation owners and viewers, the worked example assessed over HTTP, and the security checks
of the issue — anonymous requests refused on every documented path, the sixth wrong password
locks, CSRF, cookie flags, evidence traversal, role × route matrix generated from the OpenAPI
document, owners confined to their own items, administrators needing their second factor, idle
timeout, and `serve --self-check`.

DENGBAO_BIN names the binary, DENGBAO_SOURCE_DIR the source tree (set by CTest).
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import select
import signal
import socket
import ssl
import struct
import subprocess
import tempfile
import time
import unittest
import urllib.parse

BIN = os.environ.get("DENGBAO_BIN", "build/debug/src/cli/dengbao")
SRC = os.environ.get("DENGBAO_SOURCE_DIR", os.getcwd())
EXAMPLE = os.path.join(SRC, "examples", "hospital")
PASSWORD = "Correct-Horse-42-battery"
NEW_PASSWORD = "Another-Staple-77-ledger"
ROUND = "his-2026-self_check"
PUBLIC = {("GET", "/api/openapi.json"), ("POST", "/api/v1/auth/login"), ("POST", "/api/v1/auth/setup")}


def totp(secret, t):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(t) // 30), hashlib.sha1).digest()
    off = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[off:off + 4])[0] & 0x7FFFFFFF) % 1000000)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read(path, mode="r"):
    with open(path, mode, encoding=None if "b" in mode else "utf-8") as f:
        return f.read()


class Serve:
    """`dengbao serve` on a free loopback port with a temporary SQLite database."""

    def __init__(self, extra=()):
        self.dir = tempfile.TemporaryDirectory(prefix="dengbao-api-")
        self.port = free_port()
        self.log = open(os.path.join(self.dir.name, "access.log"), "wb")
        env = dict(os.environ, DENGBAO_TODAY="2026-11-20")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--listen", f"127.0.0.1:{self.port}", "--db",
             "sqlite:" + os.path.join(self.dir.name, "d.db"), "--state-dir", os.path.join(self.dir.name, "tls"),
             *extra], stdout=subprocess.PIPE, stderr=self.log, env=env)
        self.out = b""
        self.setup_token = None
        deadline = time.time() + 120
        while True:
            line = self._line(deadline)
            m = re.search(r"setup token\): (\S+)", line)
            if m:
                self.setup_token = m.group(1)
            if "listening on" in line:
                break

    def _line(self, deadline):
        while b"\n" not in self.out:
            if time.time() > deadline or self.proc.poll() is not None:
                raise AssertionError("serve did not start: %r\n%s" % (self.out, read(self.log.name)))
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                self.out += os.read(self.proc.stdout.fileno(), 4096)
        line, self.out = self.out.split(b"\n", 1)
        return line.decode()

    def request(self, method, path, body=None, session=None, raw=None, headers=None, csrf=True):
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        if session:
            h["Cookie"] = "dengbao_session=" + session["token"]
            if csrf and method not in ("GET", "HEAD"):
                h["X-CSRF-Token"] = session["csrf"]
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE  # the server's self-signed certificate
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=ctx, timeout=120)
        try:
            conn.request(method, path, body=data, headers=h)
            resp = conn.getresponse()
            return resp.status, resp.headers, resp.read()
        finally:
            conn.close()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
        self.proc.stdout.close()
        self.log.close()
        self.dir.cleanup()
        return self.proc.returncode


def body_of(payload):
    return json.loads(payload) if payload else None


class ApiClient:
    """Requests as one of the accounts in `sessions`; the test classes below start their own server."""

    @classmethod
    def setUpClass(cls):
        cls.s = Serve(extra=["--login-rate", "600"])
        cls.sessions = {}
        cls.secrets = {}

    @classmethod
    def tearDownClass(cls):
        rc = cls.s.stop()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def ok(self, status, payload, expected=200):
        self.assertEqual(status, expected, payload[:2000] if payload else payload)
        return body_of(payload)

    def login(self, user, password=PASSWORD, code=None):
        body = {"login": user, "password": password}
        if code:
            body["totp"] = code
        status, headers, payload = self.s.request("POST", "/api/v1/auth/login", body)
        if status != 200:
            return status, body_of(payload), None
        m = re.match(r"dengbao_session=([^;]*)", headers.get("Set-Cookie", ""))
        b = body_of(payload)
        return status, b, {"token": m.group(1), "csrf": b["csrf"], "body": b}

    def full_session(self, user, password=PASSWORD):
        """Logs in, changes the first password and enrols TOTP when asked to."""
        status, b, sess = self.login(user, password)
        self.assertEqual(status, 200, b)
        if b["must_change_password"]:
            self.ok(*self.s.request("POST", "/api/v1/auth/password", {"old": password, "new": NEW_PASSWORD},
                                    session=sess)[::2])
        if b["must_enrol_totp"]:
            enrol = self.ok(*self.s.request("POST", "/api/v1/auth/totp/begin", {}, session=sess)[::2])
            self.secrets[user] = enrol["secret"]
            self.ok(*self.s.request("POST", "/api/v1/auth/totp/confirm", {"code": totp(enrol["secret"], time.time())},
                                    session=sess)[::2])
        me = self.ok(*self.s.request("GET", "/api/v1/auth/session", session=sess)[::2])
        self.assertFalse(me["must_enrol_totp"])
        self.assertFalse(me["must_change_password"])
        return sess

    def get(self, path, who, expected=200):
        status, _, payload = self.s.request("GET", path, session=self.sessions[who])
        return self.ok(status, payload, expected)

    def post(self, path, who, body=None, expected=200, method="POST", raw=None, headers=None):
        status, _, payload = self.s.request(method, path, body, session=self.sessions[who], raw=raw, headers=headers)
        return self.ok(status, payload, expected)


class ApiTest(ApiClient, unittest.TestCase):
    def test_1_setup_accounts_and_separated_duties(self):
        s = self.s
        self.assertTrue(s.setup_token, "the first start prints a one-time setup token")
        self.ok(*s.request("POST", "/api/v1/auth/setup", {"token": s.setup_token, "login": "root1", "name": "系统管理员",
                                                          "password": PASSWORD})[::2])
        ApiTest.sessions["sys"] = self.full_session("root1")
        for login, role in [("sec1", "secadmin"), ("aud1", "auditor"), ("own1", "owner"), ("own2", "owner"),
                            ("view1", "viewer")]:
            self.post("/api/v1/users", "sys", {"id": login, "role": role, "name": login, "password": PASSWORD},
                      expected=201)
        for login, key in [("sec1", "sec"), ("aud1", "aud"), ("own1", "own1"), ("own2", "own2"), ("view1", "view")]:
            ApiTest.sessions[key] = self.full_session(login)
        users = self.get("/api/v1/users", "sys")["items"]
        self.assertEqual({u["id"] for u in users}, {"root1", "sec1", "aud1", "own1", "own2", "view1"})
        # The security administrator cannot manage accounts; nobody but the auditor reads the trail.
        self.get("/api/v1/users", "sec", expected=403)
        self.get("/api/v1/audit", "sec", expected=403)
        self.get("/api/v1/audit", "sys", expected=403)
        audit = self.get("/api/v1/audit?limit=5", "aud")
        self.assertEqual(len(audit["items"]), 5)
        verdict = self.get("/api/v1/audit/verify", "aud")
        self.assertTrue(verdict["ok"], verdict)

    def test_2_assess_the_example_over_http(self):
        self.post("/api/v1/systems", "sec", raw=read(os.path.join(EXAMPLE, "system.yaml"), "rb"),
                  headers={"Content-Type": "application/yaml"}, expected=201)
        self.post("/api/v1/systems/his/grading", "sec", {"business": "order:serious", "service": "order:serious",
                                                          "date": "2026-10-01"})
        self.post("/api/v1/rounds", "sec", {"system": "his", "year": 2026}, expected=201)
        base = f"/api/v1/rounds/{ROUND}"
        self.post(base + "/inputs/system", "sec", method="PUT", raw=read(os.path.join(EXAMPLE, "system.yaml"), "rb"),
                  headers={"Content-Type": "application/yaml"})
        for t in ["his-app-01", "his-app-02", "his-db-01"]:
            self.post(f"{base}/inputs/scans/{t}", "sec", method="PUT",
                      raw=read(os.path.join(EXAMPLE, "scans", t + ".json"), "rb"),
                      headers={"Content-Type": "application/json"})
        self.post(base + "/inputs/questionnaires/questionnaire.yaml", "sec", method="PUT",
                  raw=read(os.path.join(EXAMPLE, "questionnaire.yaml"), "rb"),
                  headers={"Content-Type": "application/yaml"})
        assessed = self.post(base + "/assess", "sec", {})
        # The same numbers as `dengbao assess` on the example (examples/hospital/README.md).
        expected = json.loads(subprocess.run([BIN, "assess", "--system", os.path.join(EXAMPLE, "system.yaml"),
                                              "--json"], capture_output=True, text=True).stdout)
        self.assertEqual(assessed["score"], expected["score"])
        self.assertEqual(assessed["conclusion"], expected["conclusion"])
        self.assertEqual(sorted(assessed["high_risk"]), sorted(expected["high_risk"]))
        self.assertGreater(assessed["import"]["items_new"], 100)
        viewer_score = self.get(base + "/score", "view")
        self.assertEqual(viewer_score["score"], expected["score"])
        plan = self.get(base + "/plan?target=pass", "sec")
        self.assertTrue(plan["feasible"])
        self.assertTrue(plan["pass"])
        whatif = self.post(base + "/whatif", "view", {"done": [i["id"] for i in plan["items"]]})
        self.assertEqual(whatif["score"], plan["score"])
        status, headers, payload = self.s.request("GET", base + "/report?format=docx", session=self.sessions["sec"])
        self.assertEqual(status, 200)
        self.assertTrue(payload.startswith(b"PK"))
        self.assertIn("attachment", headers["Content-Disposition"])
        status, _, payload = self.s.request("GET", base + "/questionnaire", session=self.sessions["sec"])
        self.assertEqual(status, 200)
        self.assertTrue(payload.startswith(b"PK"))
        grid = self.get(base + "/results?target=his-app-01&limit=1000", "view")
        self.assertGreater(grid["total"], 20)
        self.assertTrue(all(r["target_id"] == "his-app-01" for r in grid["items"]))

    def test_3_owners_auditors_and_items(self):
        items = self.get(f"/api/v1/items?round={ROUND}&limit=1000", "sec")["items"]
        a, b = items[0]["id"], items[1]["id"]
        self.post(f"/api/v1/items/{ROUND}/{urllib.parse.quote(a)}/assign", "sec", {"owner": "own1", "deadline": "2026-12-01"})
        self.post(f"/api/v1/items/{ROUND}/{urllib.parse.quote(b)}/assign", "sec", {"owner": "own2", "deadline": "2026-12-01"})
        mine = self.get("/api/v1/items?limit=1000", "own1")["items"]
        self.assertEqual([i["id"] for i in mine], [a], "an owner sees only their own items")
        self.get(f"/api/v1/items/{ROUND}/{urllib.parse.quote(b)}", "own1", expected=404)
        self.post(f"/api/v1/items/{ROUND}/{urllib.parse.quote(b)}/transition", "own1", {"to": "planned"}, expected=404)
        self.post(f"/api/v1/items/{ROUND}/{urllib.parse.quote(a)}/transition", "own1", {"to": "planned"})
        self.post(f"/api/v1/items/{ROUND}/{urllib.parse.quote(a)}/transition", "own1",
                  {"to": "deferred", "approver": "x", "reason": "y", "expiry": "2027-01-01"}, expected=403)
        # The auditor reads; it cannot change a remediation item.
        self.post(f"/api/v1/items/{ROUND}/{urllib.parse.quote(a)}/transition", "aud", {"to": "in_progress"},
                  expected=403)
        self.post(f"/api/v1/items/{ROUND}/{urllib.parse.quote(a)}/assign", "aud", {"owner": "own2"}, expected=403)
        # Evidence by an owner on their own item, then closing by the security administrator.
        ev = self.post(f"/api/v1/evidence?name={urllib.parse.quote('整改说明.txt')}&attach=" +
                       urllib.parse.quote(f"item:{ROUND}/{a}"), "own1", raw="已整改，截图见附件。\n".encode(),
                       headers={"Content-Type": "application/octet-stream"}, expected=201)
        status, headers, payload = self.s.request("GET", "/api/v1/evidence/" + ev["sha256"], session=self.sessions["own1"])
        self.assertEqual(status, 200)
        self.assertIn("filename*=UTF-8''", headers["Content-Disposition"])
        self.get("/api/v1/evidence/" + ev["sha256"], "own2", expected=404)
        for to in ["in_progress", "awaiting_verification"]:
            self.post(f"/api/v1/items/{ROUND}/{urllib.parse.quote(a)}/transition", "own1", {"to": to})
        item = self.get(f"/api/v1/items/{ROUND}/{urllib.parse.quote(a)}", "sec")
        body = {"to": "closed", "verifier": "sec1"}
        status, _, payload = self.s.request("POST", f"/api/v1/items/{ROUND}/{urllib.parse.quote(a)}/transition", body,
                                            session=self.sessions["sec"])
        if item["automatic"] == "1":  # the stored scan still fails: no close
            self.assertEqual(status, 422, payload)
        else:
            self.assertEqual(status, 200, payload)

    def test_4_evidence_paths_cannot_traverse(self):
        for path in ["/api/v1/evidence/..%2f..%2fetc%2fpasswd", "/api/v1/evidence/%2e%2e", "/api/v1/evidence/../../etc/passwd",
                     "/api/v1/evidence/" + "a" * 63 + "/"]:
            status, _, payload = self.s.request("GET", path, session=self.sessions["sec"])
            self.assertIn(status, (400, 404), (path, status))
            self.assertNotIn(b"root:", payload)

    def test_5_every_documented_path_refuses_anonymous_requests(self):
        status, _, payload = self.s.request("GET", "/api/openapi.json")
        doc = self.ok(status, payload)
        self.assertEqual(doc["openapi"][:2], "3.")
        checked = 0
        for path, ops in doc["paths"].items():
            concrete = re.sub(r"\{[^}]+\}", "x", path)
            for method in ops:
                if (method.upper(), path) in PUBLIC:
                    continue
                status, _, payload = self.s.request(method.upper(), concrete, {} if method != "get" else None)
                self.assertEqual(status, 401, (method, path, payload[:200]))
                checked += 1
        self.assertGreater(checked, 40)

    def test_6_role_route_matrix(self):
        status, _, payload = self.s.request("GET", "/api/openapi.json")
        doc = body_of(payload)
        roles = {"sys": "sysadmin", "sec": "secadmin", "aud": "auditor", "own1": "owner", "view": "viewer"}
        for path, ops in doc["paths"].items():
            if path.startswith("/api/v1/auth/") or path == "/api/openapi.json":
                continue
            concrete = re.sub(r"\{[^}]+\}", "nonexistent", path)
            for method, op in ops.items():
                allowed = set(op["x-roles"])
                for who, role in roles.items():
                    status, _, payload = self.s.request(method.upper(), concrete, {} if method != "get" else None,
                                                        session=self.sessions[who])
                    if role in allowed:
                        self.assertNotEqual(status, 403, (who, method, path, payload[:300]))
                    else:
                        self.assertEqual(status, 403, (who, method, path, payload[:300]))

    def test_7_second_factor_csrf_and_cookie(self):
        # An administrator with TOTP enrolled gets no session without the code.
        status, b, _ = self.login("root1", PASSWORD)
        self.assertEqual(status, 401)
        self.assertEqual(b["error"]["code"], "SecondFactorRequired")
        status, headers, payload = self.s.request("POST", f"/api/v1/rounds/{ROUND}/whatif", {"done": []},
                                                  session=self.sessions["sec"], csrf=False)
        self.assertEqual(status, 403)
        self.assertEqual(body_of(payload)["error"]["code"], "CsrfFailed")
        _, _, sess = self.login("view1", NEW_PASSWORD)
        cookie = sess and sess["token"]
        self.assertTrue(cookie)
        status, headers, _ = self.s.request("POST", "/api/v1/auth/login", {"login": "view1", "password": NEW_PASSWORD})
        flags = headers.get("Set-Cookie", "")
        for flag in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"]:
            self.assertIn(flag, flags)

    def test_8_sixth_wrong_password_locks(self):
        for attempt in range(1, 7):
            status, b, _ = self.login("own2", "wrong-password-%d" % attempt)
            if attempt < 6:
                self.assertEqual(status, 401, (attempt, b))
            else:
                self.assertEqual(status, 423, (attempt, b))
        status, b, _ = self.login("own2", NEW_PASSWORD)
        self.assertEqual(status, 423, "locked even with the right password")

    def test_9_self_check(self):
        p = subprocess.run([BIN, "serve", "--self-check", "--json"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        j = json.loads(p.stdout)
        self.assertEqual(j["summary"]["noncompliant"], 0)
        units = {u["unit"]: u for u in j["units"]}
        for unit in ["L3-CES1-01", "L3-CES1-02", "L3-CES1-03", "L3-CES1-04", "L3-CES1-08", "L3-CES1-12", "L3-CES1-25",
                     "L3-CES1-27", "L3-CES1-32"]:
            self.assertIn(unit, units)
        self.assertEqual(units["L3-CES1-08"]["result"], "compliant")
        p = subprocess.run([BIN, "serve", "--self-check", "--json", "--no-tls", "--listen", "0.0.0.0:8080"],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 1)
        self.assertEqual({u["unit"]: u for u in json.loads(p.stdout)["units"]}["L3-CES1-03"]["result"], "noncompliant")


class IdleTimeoutTest(unittest.TestCase):
    def test_idle_session_ends(self):
        s = Serve(extra=["--idle-timeout", "10"])
        try:
            s.request("POST", "/api/v1/auth/setup", {"token": s.setup_token, "login": "root1", "name": "x",
                                                     "password": PASSWORD})
            status, headers, payload = s.request("POST", "/api/v1/auth/login", {"login": "root1", "password": PASSWORD})
            self.assertEqual(status, 200, payload)
            sess = {"token": re.match(r"dengbao_session=([^;]*)", headers["Set-Cookie"]).group(1),
                    "csrf": json.loads(payload)["csrf"]}
            self.assertEqual(s.request("GET", "/api/v1/auth/session", session=sess)[0], 200)
            time.sleep(12)
            self.assertEqual(s.request("GET", "/api/v1/auth/session", session=sess)[0], 401)
        finally:
            s.stop()


class OperationsApiTest(ApiClient, unittest.TestCase):
    """Inspections, hazards, incidents, drills and training over HTTP (routes_ops.cc)."""

    def test_1_accounts(self):
        s = self.s
        self.ok(*s.request("POST", "/api/v1/auth/setup", {"token": s.setup_token, "login": "root1", "name": "系统管理员",
                                                          "password": PASSWORD})[::2])
        self.sessions["sys"] = self.full_session("root1")
        for login, role in [("sec1", "secadmin"), ("aud1", "auditor"), ("own1", "owner"), ("own2", "owner"),
                            ("view1", "viewer")]:
            self.post("/api/v1/users", "sys", {"id": login, "role": role, "name": login, "password": PASSWORD},
                      expected=201)
        for login, key in [("sec1", "sec"), ("aud1", "aud"), ("own1", "own1"), ("own2", "own2"), ("view1", "view")]:
            self.sessions[key] = self.full_session(login)
        self.post("/api/v1/systems", "sec", raw=read(os.path.join(EXAMPLE, "system.yaml"), "rb"),
                  headers={"Content-Type": "application/yaml"}, expected=201)

    def answers(self, **abnormal):
        """Every item of machine-room-daily answered normally, except `abnormal`."""
        (t,) = [t for t in self.get("/api/v1/inspections/templates", "view")["items"]
                if t["id"] == "machine-room-daily"]
        out = {}
        for item in t["items"]:
            if item["kind"] == "number":
                out[item["id"]] = (item.get("min", 0) + item.get("max", item.get("min", 0))) / 2
            else:
                out[item["id"]] = "正常" if item["kind"] == "check" else "无"
        out.update({k.replace("_", "-"): v for k, v in abnormal.items()})
        return out

    def test_2_inspection_and_hazard_lifecycle(self):
        sched = self.post("/api/v1/inspections/schedules", "sec",
                          {"id": "mr-daily", "template": "machine-room-daily", "start": "2026-11-01", "owner": "own1"},
                          expected=201)
        self.assertEqual(sched["owner"], "own1")
        self.assertEqual(sched["frequency"], "daily")
        self.assertEqual([r["id"] for r in self.get("/api/v1/inspections/schedules", "view")["items"]], ["mr-daily"])
        # Another owner's schedule does not exist for own2; nobody records a run in another's name.
        self.post("/api/v1/inspections/runs", "own2", {"schedule": "mr-daily", "answers": self.answers()},
                  expected=404)
        self.post("/api/v1/inspections/runs", "own1",
                  {"schedule": "mr-daily", "inspector": "own2", "answers": self.answers()}, expected=403)
        self.post("/api/v1/inspections/runs", "aud", {"schedule": "mr-daily", "answers": self.answers()},
                  expected=403)
        bad = self.answers()
        del bad["humidity"]
        self.post("/api/v1/inspections/runs", "own1", {"schedule": "mr-daily", "answers": bad}, expected=400)
        run = self.post("/api/v1/inspections/runs", "own1",
                        {"schedule": "mr-daily", "answers": self.answers(temperature={"value": 31, "note": "A 区"})},
                        expected=201)
        self.assertEqual(run["inspector"], "own1")
        self.assertEqual(run["run_on"], "2026-11-20")
        self.assertTrue(run["answers"]["temperature"]["abnormal"])
        (h,) = run["hazards"]
        hid = h["id"]
        self.assertEqual(hid, "HZ-2026-0001")
        self.assertEqual(h["responsible"], "own1")
        self.assertEqual(h["location"], "A 区")
        due = self.get("/api/v1/inspections/due", "view")["items"]
        self.assertEqual(due[0]["last_run"], "2026-11-20")
        # The same JSON as the CLI's `hazard show --json`.
        mine = self.get("/api/v1/hazards", "own1")["items"]
        self.assertEqual([x["id"] for x in mine], [hid])
        self.assertEqual(mine[0]["status_label"], "待下发")
        self.assertEqual(self.get("/api/v1/hazards", "own2")["items"], [])
        self.get("/api/v1/hazards/" + hid, "own2", expected=404)
        self.post(f"/api/v1/hazards/{hid}/extend", "own2", {"to": "2027-01-10", "reason": "x"}, expected=404)
        self.assertEqual(self.get("/api/v1/hazards/" + hid, "view")["id"], hid)
        self.get("/api/v1/hazards/" + hid, "aud", expected=403)
        status, headers, payload = self.s.request("POST", f"/api/v1/hazards/{hid}/notice?format=md", {},
                                                  session=self.sessions["sec"])
        self.assertEqual(status, 200, payload)
        self.assertTrue(headers["Content-Type"].startswith("text/markdown"))
        self.assertIn("隐患整改通知书", payload.decode())
        self.assertEqual(self.get("/api/v1/hazards/" + hid, "own1")["status"], "rectifying")
        # Extension: the responsible owner asks, the security administrator approves as themselves.
        v = self.post(f"/api/v1/hazards/{hid}/extend", "own1", {"to": "2027-01-10", "reason": "空调备件未到"})
        self.assertEqual(v["extension_status"], "requested")
        self.post(f"/api/v1/hazards/{hid}/approve-extension", "own1", {}, expected=403)
        self.post(f"/api/v1/hazards/{hid}/approve-extension", "aud", {}, expected=403)
        v = self.post(f"/api/v1/hazards/{hid}/approve-extension", "sec", {"approver": "own2"})
        self.assertEqual(v["extension_status"], "approved")
        self.assertEqual(v["extension_approver"], "sec1", "the approver is the logged-in user, never the body")
        self.assertEqual(v["effective_deadline"], "2027-01-10")
        # Rectify, then the recheck by the security administrator closes it.
        self.post(f"/api/v1/hazards/{hid}/recheck", "own1", {"pass": True}, expected=403)
        v = self.post(f"/api/v1/hazards/{hid}/rectify", "own1", {"measures": "更换压缩机，温度恢复 23 ℃"})
        self.assertEqual(v["status"], "awaiting_recheck")
        self.post(f"/api/v1/hazards/{hid}/recheck", "aud", {"pass": True}, expected=403)
        self.post(f"/api/v1/hazards/{hid}/recheck", "sec", {"pass": "yes"}, expected=400)
        v = self.post(f"/api/v1/hazards/{hid}/recheck", "sec", {"pass": True, "note": "复查温度 23 ℃"})
        self.assertEqual(v["status"], "closed")
        self.assertEqual(v["rechecked_by"], "sec1")
        self.assertIsNone(v["state"])
        self.assertEqual(len(self.get("/api/v1/hazards?status=closed", "sec")["items"]), 1)
        report = self.get("/api/v1/inspections/report?month=2026-11", "view")
        self.assertEqual(len(report["hazards_found"]), 1)
        status, headers, payload = self.s.request("GET", "/api/v1/inspections/report?month=2026-11&format=md",
                                                  session=self.sessions["sec"])
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/markdown"))
        self.assertIn("attachment", headers["Content-Disposition"])

    def test_3_self_approval_is_refused(self):
        """The security administrator cannot approve an extension they requested themselves."""
        run = self.post("/api/v1/inspections/runs", "sec",
                        {"schedule": "mr-daily", "answers": self.answers(ups_status="异常")}, expected=201)
        self.assertEqual(run["inspector"], "sec1")
        hid = run["hazards"][0]["id"]
        self.post(f"/api/v1/hazards/{hid}/extend", "sec", {"to": "2027-01-10", "reason": "等待厂商"})
        e = self.post(f"/api/v1/hazards/{hid}/approve-extension", "sec", {}, expected=400)
        self.assertIn("申请人", e["error"]["message"])

    def test_4_incident_countdown_and_draft(self):
        self.post("/api/v1/incidents", "aud", {"system": "his", "title": "x", "grade": "较大", "operator": "cii"},
                  expected=403)
        inc = self.post("/api/v1/incidents", "sec", {"system": "his", "title": "HIS 服务器勒索病毒", "grade": "较大",
                                                     "operator": "cii", "discovered": "2026-11-20T03:30:00Z"},
                        expected=201)
        iid = inc["id"]
        self.assertEqual(inc["deadline_at"], "2026-11-20T04:30:00Z", "较大 at a CII operator: one hour")
        self.assertEqual(inc["deadline_hours"], 1)
        self.assertEqual(inc["seconds_left"], 30 * 60)
        self.post(f"/api/v1/incidents/{iid}/events", "sec", {"text": "已隔离受感染服务器"})
        shown = self.get(f"/api/v1/incidents/{iid}", "view")
        self.assertEqual(len(shown["events"]), 2)
        self.assertEqual([i["id"] for i in self.get("/api/v1/incidents?open=1", "view")["items"]], [iid])
        self.get(f"/api/v1/incidents/{iid}/draft", "view", expected=403)
        status, headers, payload = self.s.request("GET", f"/api/v1/incidents/{iid}/draft", session=self.sessions["sec"])
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/markdown"))
        self.assertIn("attachment", headers["Content-Disposition"])
        self.assertIn("网络安全事件报告", payload.decode())
        self.post(f"/api/v1/incidents/{iid}/close", "sec", {"summary": "已恢复"}, expected=400)  # report first
        reported = self.post(f"/api/v1/incidents/{iid}/report", "sec", {})
        self.assertEqual(reported["status"], "reported")
        self.assertFalse(reported["late"])
        closed = self.post(f"/api/v1/incidents/{iid}/close", "sec", {"summary": "已恢复"})
        self.assertEqual(closed["status"], "closed")
        self.assertEqual(self.get("/api/v1/incidents?open=1", "view")["items"], [])

    def test_5_plans_and_drills(self):
        self.post("/api/v1/plans", "sec", {"id": "his-ransomware", "system": "his", "name": "HIS 勒索病毒应急预案",
                                           "approved": "2026-06-01"}, expected=201)
        self.post("/api/v1/drills", "aud", {"id": "d1", "plan": "his-ransomware", "date": "2026-11-01",
                                            "kind": "tabletop"}, expected=403)
        d = self.post("/api/v1/drills", "sec", {"id": "d1", "plan": "his-ransomware", "date": "2026-11-01",
                                                "kind": "tabletop", "participants": 12}, expected=201)
        self.assertEqual(d["participants"], "12")
        (due,) = self.get("/api/v1/drills/due", "view")["items"]
        self.assertEqual(due["due"], "2027-11-01")
        self.assertEqual(due["last_drill"]["id"], "d1")

    def test_6_training_and_attendance_csv(self):
        self.post("/api/v1/training", "sec", {"id": "T-1", "title": "全员网络安全意识培训", "date": "2026-11-01",
                                              "trainer": "信息科"}, expected=201)
        csv = "姓名,部门,工号,签到,成绩\n张三,信息科,1001,是,90\n李四,护理部,1002,否,\n王五,药剂科,1003,是,80\n赵六,门诊部,1004,是,\n"
        out = self.post("/api/v1/training/T-1/import?kind=attendance", "sec", raw=csv.encode(),
                        headers={"Content-Type": "text/csv; charset=utf-8"})
        self.assertEqual(out["import"]["rows"], 4)
        self.assertEqual(out["summary"]["attended"], 3)
        self.assertAlmostEqual(out["summary"]["attendance_rate"], 0.75)
        self.assertEqual(out["summary"]["average_score"], 85)
        self.post("/api/v1/training/T-1/import?kind=attendance", "sec", raw=csv.encode(),
                  headers={"Content-Type": "text/csv"}, expected=409)  # already imported
        self.post("/api/v1/training/T-1/import?kind=phishing", "sec", raw=csv.encode(),
                  headers={"Content-Type": "text/csv"}, expected=400)  # wrong kind
        out = self.post("/api/v1/training/T-1/import?kind=attendance&replace=1", "sec",
                        raw="姓名,签到\n张三,是\n".encode(), headers={"Content-Type": "text/csv"})
        self.assertEqual(out["import"]["removed"], 3)
        (listed,) = self.get("/api/v1/training", "view")["items"]
        self.assertEqual(listed["summary"]["people"], 1)
        self.assertEqual(len(self.get("/api/v1/training/T-1", "view")["records"]), 1)
        self.post("/api/v1/training/T-1/import", "aud", raw=csv.encode(), headers={"Content-Type": "text/csv"},
                  expected=403)

    def test_7_no_auditor_or_viewer_on_state_changes(self):
        doc = body_of(self.s.request("GET", "/api/openapi.json")[2])
        ops = {(m, p): op for p, o in doc["paths"].items() for m, op in o.items()
               if p.startswith(("/api/v1/inspections", "/api/v1/hazards", "/api/v1/incidents", "/api/v1/plans",
                                "/api/v1/drills", "/api/v1/training"))}
        self.assertEqual(len(ops), 28)
        for (method, path), op in ops.items():
            if method != "get":
                self.assertNotIn("auditor", op["x-roles"], path)
                self.assertNotIn("viewer", op["x-roles"], path)

if __name__ == "__main__":
    unittest.main()
