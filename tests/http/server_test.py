"""End-to-end tests of the HTTP server core (issue #6) through http_test_server.

The server runs on a free loopback port with a temporary SQLite database: first-run setup with
the console's setup token, login with TOTP enrolment (codes computed here with hmac/base32),
cookie flags, CSRF refusal, every documented route refusing anonymous requests, security headers
and bare error bodies, body size limit, login rate limit, SIGTERM, over TLS and plain HTTP.
Environment: DENGBAO_HTTP_SERVER (the http_test_server binary).
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
import sqlite3
import ssl
import struct
import subprocess
import tempfile
import time
import unittest

SERVER = os.environ.get("DENGBAO_HTTP_SERVER", "")
PASSWORD = "Correct-Horse-42-battery"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
PUBLIC = {("GET", "/api/openapi.json"), ("POST", "/api/v1/auth/login"), ("POST", "/api/v1/auth/setup")}


def totp(secret, t, step_offset=0):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int(t) // 30 + step_offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    off = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[off:off + 4])[0] & 0x7FFFFFFF) % 1000000
    return "%06d" % code


class Server:
    """A running http_test_server; stdout is read line by line, stderr (the access log) to a file."""

    def __init__(self, tls=True, extra=()):
        self.dir = tempfile.TemporaryDirectory(prefix="dengbao-http-")
        self.tls = tls
        self.log_path = os.path.join(self.dir.name, "access.log")
        self.db_path = os.path.join(self.dir.name, "db.sqlite")
        self.log = open(self.log_path, "wb")
        args = [SERVER, "--db", "sqlite:" + self.db_path,
                "--state-dir", os.path.join(self.dir.name, "state"), "--test-routes",
                "--max-body", "65536"]
        if not tls:
            args.append("--no-tls")
        args += list(extra)
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log)
        self.stdout = b""
        self.setup_token = None
        self.port = None
        deadline = time.time() + 60
        while self.port is None:
            line = self._readline(deadline)
            m = re.search(r"setup token\): (\S+)", line)
            if m:
                self.setup_token = m.group(1)
            m = re.search(r"listening on https?://[^:]+:(\d+)", line)
            if m:
                self.port = int(m.group(1))

    def _readline(self, deadline):
        while b"\n" not in self.stdout:
            if time.time() > deadline or self.proc.poll() is not None:
                raise AssertionError("server did not start: %r" % self.stdout)
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    continue
                self.stdout += chunk
        line, self.stdout = self.stdout.split(b"\n", 1)
        return line.decode()

    def connection(self):
        if self.tls:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE  # self-signed test certificate
            return http.client.HTTPSConnection("127.0.0.1", self.port, context=ctx, timeout=20)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)

    def request(self, method, path, body=None, headers=None, cookie=None, csrf=None, raw_body=None):
        h = dict(headers or {})
        data = raw_body
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        if cookie:
            h["Cookie"] = "dengbao_session=" + cookie
        if csrf:
            h["X-CSRF-Token"] = csrf
        conn = self.connection()
        try:
            conn.request(method, path, body=data, headers=h)
            resp = conn.getresponse()
            payload = resp.read()
            return resp.status, resp.headers, payload
        finally:
            conn.close()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            rc = self.proc.wait(timeout=30)
        else:
            rc = self.proc.returncode
        self.log.close()
        return rc

    def access_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def cleanup(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.dir.cleanup()


def error_code(payload):
    return json.loads(payload)["error"]["code"]


def session_cookie(headers):
    cookie = headers.get("Set-Cookie", "")
    m = re.match(r"dengbao_session=([^;]*)", cookie)
    return (m.group(1) if m else None), cookie


@unittest.skipUnless(SERVER, "DENGBAO_HTTP_SERVER not set")
class TlsServerTest(unittest.TestCase):
    tls = True

    @classmethod
    def setUpClass(cls):
        cls.logged_in = None
        cls.server = Server(tls=cls.tls)

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.server.cleanup()
        if rc != 0:
            raise AssertionError("server exit code %d after SIGTERM" % rc)

    def assert_security_headers(self, headers):
        for k, v in SECURITY_HEADERS.items():
            self.assertEqual(headers.get(k), v, k)
        if self.tls:
            self.assertEqual(headers.get("Strict-Transport-Security"), "max-age=31536000")
        else:
            self.assertIsNone(headers.get("Strict-Transport-Security"))
        self.assertIsNone(headers.get("Server"))
        self.assertTrue(headers.get("X-Request-Id"))

    def test_a_setup_login_enrol_logout(self):
        s = self.server
        self.assertTrue(s.setup_token, "no setup token on the console")
        status, _, payload = s.request("GET", "/api/v1/auth/session")
        self.assertEqual(status, 401)
        self.assertEqual(error_code(payload), "Unauthenticated")

        # Setup: JSON only (blocks form-based CSRF), wrong token refused, then the real one.
        status, _, _ = s.request("POST", "/api/v1/auth/setup", raw_body=b"token=x",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 415)
        status, _, _ = s.request("POST", "/api/v1/auth/setup",
                                 {"token": "wrong", "login": "admin", "name": "管理员", "password": PASSWORD})
        self.assertEqual(status, 403)
        status, _, payload = s.request("POST", "/api/v1/auth/setup", {"token": s.setup_token, "login": "admin",
                                                                        "name": "管理员", "password": PASSWORD})
        self.assertEqual(status, 200, payload)
        status, _, _ = s.request("POST", "/api/v1/auth/setup", {"token": s.setup_token, "login": "admin2",
                                                                 "name": "x", "password": PASSWORD})
        self.assertEqual(status, 403, "the setup token is single-use")

        status, headers, payload = s.request("POST", "/api/v1/auth/login", {"login": "admin", "password": "nope"})
        self.assertEqual(status, 401)
        self.assertNotIn("Set-Cookie", headers)

        login_time = time.time()
        status, headers, payload = s.request("POST", "/api/v1/auth/login", {"login": "admin", "password": PASSWORD})
        self.assertEqual(status, 200, payload)
        body = json.loads(payload)
        self.assertEqual(body["role"], "sysadmin")
        self.assertTrue(body["must_enrol_totp"])
        token, cookie = session_cookie(headers)
        self.assertTrue(token)
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Strict", cookie)
        self.assertIn("Path=/", cookie)
        self.assertEqual("Secure" in cookie, self.tls)
        csrf = body["csrf"]
        self.assertTrue(csrf)

        # Enrolment pending: only the enrolment routes.
        status, _, payload = s.request("GET", "/api/v1/test/ping", cookie=token)
        self.assertEqual(status, 403)
        self.assertEqual(error_code(payload), "EnrolmentRequired")
        status, _, payload = s.request("GET", "/api/v1/auth/session", cookie=token)
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(payload)["csrf"], csrf)

        # CSRF: missing or wrong header refused.
        status, _, payload = s.request("POST", "/api/v1/auth/totp/begin", {}, cookie=token)
        self.assertEqual(status, 403)
        self.assertEqual(error_code(payload), "CsrfFailed")
        status, _, payload = s.request("POST", "/api/v1/auth/totp/begin", {}, cookie=token, csrf=csrf[:-1] + "x")
        self.assertEqual(error_code(payload), "CsrfFailed")

        status, _, payload = s.request("POST", "/api/v1/auth/totp/begin", {}, cookie=token, csrf=csrf)
        self.assertEqual(status, 200, payload)
        enrol = json.loads(payload)
        secret = enrol["secret"]
        self.assertTrue(enrol["uri"].startswith("otpauth://totp/"))
        wrong = "000000" if totp(secret, time.time()) != "000000" else "111111"
        status, _, payload = s.request("POST", "/api/v1/auth/totp/confirm", {"code": wrong}, cookie=token, csrf=csrf)
        self.assertNotEqual(status, 200)
        now = time.time()
        status, _, payload = s.request("POST", "/api/v1/auth/totp/confirm", {"code": totp(secret, now)},
                                       cookie=token, csrf=csrf)
        self.assertEqual(status, 200, payload)
        status, _, payload = s.request("GET", "/api/v1/auth/session", cookie=token)
        self.assertFalse(json.loads(payload)["must_enrol_totp"])

        status, _, payload = s.request("GET", "/api/v1/test/ping", cookie=token)
        self.assertEqual(status, 200, payload)
        self.assertEqual(json.loads(payload)["actor"], "web:admin")
        status, _, payload = s.request("POST", "/api/v1/test/ping", {}, cookie=token)
        self.assertEqual(error_code(payload), "CsrfFailed")
        status, _, payload = s.request("POST", "/api/v1/test/auditor", {}, cookie=token, csrf=csrf)
        self.assertEqual(status, 403)
        self.assertEqual(error_code(payload), "PermissionDenied")

        status, headers, _ = s.request("POST", "/api/v1/auth/logout", {}, cookie=token, csrf=csrf)
        self.assertEqual(status, 200)
        self.assertIn("Max-Age=0", headers.get("Set-Cookie", ""))
        status, _, _ = s.request("GET", "/api/v1/auth/session", cookie=token)
        self.assertEqual(status, 401)

        # Enrolled: the second factor is now required. The Authenticator refuses codes of steps up
        # to one after the previous login (replay protection), so wait for the next 30 s step and
        # send the code of the step after it (accepted: one step of clock skew).
        status, _, payload = s.request("POST", "/api/v1/auth/login", {"login": "admin", "password": PASSWORD})
        self.assertEqual(status, 401)
        self.assertEqual(error_code(payload), "SecondFactorRequired")
        next_step = (int(login_time) // 30 + 1) * 30
        time.sleep(max(0.0, next_step - time.time()) + 0.5)
        status, headers, payload = s.request("POST", "/api/v1/auth/login", {"login": "admin", "password": PASSWORD,
                                                                              "totp": totp(secret, time.time(), 1)})
        self.assertEqual(status, 200, payload)
        self.assertFalse(json.loads(payload)["must_enrol_totp"])
        token2, _ = session_cookie(headers)
        status, _, _ = s.request("GET", "/api/v1/test/ping", cookie=token2)
        self.assertEqual(status, 200)
        type(self).logged_in = (token2, json.loads(payload)["csrf"])

        # Request-level audit entries: allowed and refused state changes by a known user; none for
        # anonymous refusals.
        db = sqlite3.connect(s.db_path)
        try:
            rows = db.execute("SELECT actor, action, object, after_digest FROM audit_log WHERE action LIKE 'http.%'"
                              " ORDER BY id").fetchall()
        finally:
            db.close()
        self.assertIn(("web:admin", "http.post", "http:/api/v1/auth/totp/begin", "403"), rows)
        self.assertIn(("web:admin", "http.post", "http:/api/v1/auth/totp/begin", "200"), rows)
        self.assertIn(("web:admin", "http.post", "http:/api/v1/test/auditor", "403"), rows)
        self.assertIn(("web:admin", "http.post", "http:/api/v1/auth/logout", "200"), rows)
        self.assertTrue(all(r[0] == "web:admin" for r in rows), rows)

    def test_b_anonymous_refused_on_every_route(self):
        status, headers, payload = self.server.request("GET", "/api/openapi.json")
        self.assertEqual(status, 200)
        self.assert_security_headers(headers)
        doc = json.loads(payload)
        self.assertEqual(doc["openapi"], "3.0.3")
        checked = 0
        for path, ops in doc["paths"].items():
            concrete = re.sub(r"\{[^}]+\}", "x", path)
            for method, op in ops.items():
                method = method.upper()
                if (method, path) in PUBLIC:
                    self.assertEqual(op["security"], [])
                    continue
                body = {} if method not in ("GET", "HEAD", "DELETE") else None
                status, headers, payload = self.server.request(method, concrete, body)
                self.assertEqual(status, 401, "%s %s" % (method, path))
                self.assertEqual(error_code(payload), "Unauthenticated")
                self.assert_security_headers(headers)
                checked += 1
        self.assertGreater(checked, 0)
        public = {(m.upper(), p) for p, ops in doc["paths"].items() for m, op in ops.items() if op["security"] == []}
        self.assertEqual(public, PUBLIC)

    def test_c_errors_carry_headers_and_no_details(self):
        s = self.server
        status, headers, payload = s.request("GET", "/api/v1/no-such-thing")
        self.assertEqual(status, 404)
        self.assertEqual(error_code(payload), "NotFound")
        self.assert_security_headers(headers)
        self.assertEqual(headers.get("Cache-Control"), "no-store")
        status, headers, payload = s.request("GET", "/api/v1/auth/login")
        self.assertEqual(status, 405)
        self.assertEqual(headers.get("Allow"), "POST")
        self.assert_security_headers(headers)
        # Traversal through encoded separators matches no route.
        for path in ("/api/v1/evidence/..%2f..%2fetc%2fpasswd", "/api/v1/auth/%2e%2e/session", "/api/v1/auth/session/"):
            status, headers, _ = s.request("GET", path)
            self.assertEqual(status, 404, path)
        status, headers, payload = s.request("POST", "/api/v1/auth/login", raw_body=b"{not json",
                                             headers={"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        self.assertIn("invalid JSON", json.loads(payload)["error"]["message"])
        if self.logged_in:
            token, _ = self.logged_in
            status, headers, payload = s.request("GET", "/api/v1/test/boom", cookie=token)
            self.assertEqual(status, 500)
            self.assert_security_headers(headers)
            self.assertEqual(json.loads(payload)["error"]["message"], "服务器内部错误 (internal error)")
            self.assertNotIn(b"SECRET-DETAIL", payload)
            self.assertNotIn("EXCEPTION_WHAT", headers)

    def test_d_oversized_body(self):
        status, headers, payload = self.server.request("POST", "/api/v1/auth/login", raw_body=b"x" * 200000,
                                                       headers={"Content-Type": "application/json"})
        self.assertEqual(status, 413)
        self.assertEqual(error_code(payload), "TooLarge")
        self.assert_security_headers(headers)

    def test_z_access_log(self):
        s = self.server
        s.request("GET", "/api/v1/auth/session?token=QUERYSECRET", cookie="COOKIESECRET")
        time.sleep(0.3)
        log = s.access_log()
        lines = [json.loads(l) for l in log.splitlines() if l.startswith("{") and '"method"' in l]
        self.assertTrue(lines)
        for entry in lines:
            for key in ("time", "remote", "method", "path", "status", "bytes", "ms", "user", "request_id"):
                self.assertIn(key, entry)
            self.assertTrue(entry["time"].endswith("Z"))
        self.assertNotIn("QUERYSECRET", log)
        self.assertNotIn("COOKIESECRET", log)
        self.assertNotIn(PASSWORD, log)
        self.assertNotIn(s.setup_token, log)
        self.assertNotIn("dengbao_session", log)
        if self.logged_in:
            self.assertIn("admin", {e["user"] for e in lines})


class PlainServerTest(TlsServerTest):
    tls = False

    @classmethod
    def setUpClass(cls):
        cls.logged_in = None
        cls.server = Server(tls=False)


@unittest.skipUnless(SERVER, "DENGBAO_HTTP_SERVER not set")
class LimitsTest(unittest.TestCase):
    def test_login_rate_limit_and_sigterm(self):
        s = Server(tls=False, extra=("--login-per-minute", "3"))
        try:
            statuses = []
            for _ in range(5):
                status, headers, payload = s.request("POST", "/api/v1/auth/login", {"login": "a", "password": "b"})
                statuses.append(status)
            self.assertEqual(statuses[:3], [401, 401, 401])
            self.assertEqual(statuses[-1], 429)
            self.assertEqual(error_code(payload), "RateLimited")
            self.assertGreaterEqual(int(headers.get("Retry-After")), 1)
            self.assertEqual(s.stop(), 0)
            self.assertIn(b"stopped", s.proc.stdout.read())
        finally:
            s.cleanup()


if __name__ == "__main__":
    unittest.main()
