"""A structural checker for the parts of the OSCAL 1.1.2 JSON model that Dengbao writes.

No copy of NIST's JSON schemas is reachable from the project's package sources (Debian and npm
have no package that ships them), so this module restates, by hand from the OSCAL 1.1.2 model
reference, what those schemas check for the assembly types we emit: required keys, no unknown
keys (the schemas set additionalProperties: false), non-empty arrays (minItems: 1), the datatype
patterns (uuid, token, string, date-time-with-timezone, uri) and the allowed values of the
enumerated fields. On top of that it checks what the schema cannot: uuids are unique, every
*-uuid reference and every "#uuid" href resolves inside the document.

check(doc) returns a list of "path: problem" strings; empty means the document passed.
"""
import re

UUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$")
# OSCAL's token is ^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$; Dengbao keeps its own tokens ASCII.
TOKEN = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
STRING = re.compile(r"^\S(.*\S)?$")  # '.' does not match a newline, as in the schema
LINE = re.compile(r"^[^\n]+$")
DATE_TIME = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?"
                       r"(Z|[+-]((0\d|1[0-4]):00|(0[3-9]|1[01]):30|(0[58]|12):45))$")
URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+\-.]+:.+$")
VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+(-.+)?$")


def enum(*values):
    return ("enum", frozenset(values))


def array(item):
    return ("array", item)


def obj(name):
    return ("object", name)


COMMON = {"props": array(obj("property")), "links": array(obj("link")), "remarks": "text"}

# type name -> (required keys, {key: value spec}); COMMON keys are allowed where listed as such.
MODEL = {
    "assessment-results": ({"uuid", "metadata", "import-ap", "results"}, {
        "uuid": "uuid", "metadata": obj("metadata"), "import-ap": obj("import-ap"),
        "local-definitions": obj("ar-local-definitions"), "results": array(obj("result")),
        "back-matter": obj("back-matter")}),
    "plan-of-action-and-milestones": ({"uuid", "metadata", "poam-items"}, {
        "uuid": "uuid", "metadata": obj("metadata"), "import-ssp": obj("import-ap"), "system-id": obj("system-id"),
        "local-definitions": obj("poam-local-definitions"), "observations": array(obj("observation")),
        "risks": array(obj("risk")), "findings": array(obj("finding")), "poam-items": array(obj("poam-item")),
        "back-matter": obj("back-matter")}),
    "metadata": ({"title", "last-modified", "version", "oscal-version"}, {
        "title": "line", "published": "datetime", "last-modified": "datetime", "version": "string",
        "oscal-version": "oscal-version", "revisions": "any", "document-ids": "any", "roles": "any",
        "locations": "any", "parties": array(obj("party")), "responsible-parties": "any", "actions": "any",
        **COMMON}),
    "party": ({"uuid", "type"}, {
        "uuid": "uuid", "type": enum("person", "organization"), "name": "string", "short-name": "string",
        "external-ids": "any", "email-addresses": "any", "telephone-numbers": "any", "addresses": "any",
        "location-uuids": "any", "member-of-organizations": "any", **COMMON}),
    "property": ({"name", "value"}, {
        "name": "token", "uuid": "uuid", "ns": "uri", "value": "string", "class": "token", "group": "token",
        "remarks": "text"}),
    "link": ({"href"}, {"href": "href", "rel": "token", "media-type": "string", "resource-fragment": "string",
                        "text": "line"}),
    "import-ap": ({"href"}, {"href": "href", "remarks": "text"}),
    "system-id": ({"id"}, {"identifier-type": "uri", "id": "string"}),
    "ar-local-definitions": (set(), {"objectives-and-methods": "any", "activities": "any", "remarks": "text"}),
    "poam-local-definitions": (set(), {
        "components": array(obj("component")), "inventory-items": array(obj("inventory-item")),
        "assessment-assets": obj("assessment-assets"), "remarks": "text"}),
    "result": ({"uuid", "title", "description", "start", "reviewed-controls"}, {
        "uuid": "uuid", "title": "line", "description": "text", "start": "datetime", "end": "datetime",
        "local-definitions": obj("result-local-definitions"), "reviewed-controls": obj("reviewed-controls"),
        "attestations": "any", "assessment-log": "any", "observations": array(obj("observation")),
        "risks": array(obj("risk")), "findings": array(obj("finding")), **COMMON}),
    "result-local-definitions": (set(), {
        "components": array(obj("component")), "inventory-items": array(obj("inventory-item")),
        "users": "any", "assessment-assets": obj("assessment-assets"), "tasks": array(obj("task"))}),
    "component": ({"uuid", "type", "title", "description", "status"}, {
        "uuid": "uuid", "type": "string", "title": "line", "description": "text", "purpose": "line",
        "status": obj("component-status"), "responsible-roles": "any", "protocols": "any", **COMMON}),
    "component-status": ({"state"}, {
        "state": enum("under-development", "operational", "disposition", "other"), "remarks": "text"}),
    "inventory-item": ({"uuid", "description"}, {
        "uuid": "uuid", "description": "text", "responsible-parties": "any", "implemented-components": "any",
        **COMMON}),
    "assessment-assets": ({"assessment-platforms"}, {
        "components": array(obj("component")), "assessment-platforms": array(obj("assessment-platform"))}),
    "assessment-platform": ({"uuid"}, {
        "uuid": "uuid", "title": "line", "uses-components": array(obj("uses-component")), **COMMON}),
    "uses-component": ({"component-uuid"}, {"component-uuid": "uuid", "responsible-parties": "any", **COMMON}),
    "reviewed-controls": ({"control-selections"}, {
        "description": "text", "control-selections": array(obj("control-selection")),
        "control-objective-selections": "any", **COMMON}),
    "control-selection": (set(), {
        "description": "text", "include-all": obj("include-all"),
        "include-controls": array(obj("select-control")), "exclude-controls": array(obj("select-control")),
        **COMMON}),
    "include-all": (set(), {}),
    "select-control": ({"control-id"}, {"control-id": "token", "statement-ids": array("token")}),
    "observation": ({"uuid", "description", "methods", "collected"}, {
        "uuid": "uuid", "title": "line", "description": "text",
        "methods": array(enum("EXAMINE", "INTERVIEW", "TEST", "UNKNOWN")),
        "types": array(enum("ssp-statement-issue", "control-objective", "mitigation", "finding", "historic")),
        "origins": array(obj("origin")), "subjects": array(obj("subject")),
        "relevant-evidence": array(obj("relevant-evidence")), "collected": "datetime", "expires": "datetime",
        **COMMON}),
    "origin": ({"actors"}, {"actors": array(obj("actor")), "related-tasks": "any"}),
    "actor": ({"type", "actor-uuid"}, {
        "type": enum("tool", "assessment-platform", "party"), "actor-uuid": "uuid", "role-id": "token",
        "props": array(obj("property")), "links": array(obj("link"))}),
    "subject": ({"subject-uuid", "type"}, {
        "subject-uuid": "uuid", "type": enum("component", "inventory-item", "location", "party", "user"),
        "title": "line", **COMMON}),
    "relevant-evidence": ({"description"}, {"href": "href", "description": "text", **COMMON}),
    "risk": ({"uuid", "title", "description", "statement", "status"}, {
        "uuid": "uuid", "title": "line", "description": "text", "statement": "text",
        "status": enum("open", "investigating", "remediating", "deviation-requested", "deviation-approved",
                       "closed"),
        "origins": array(obj("origin")), "threat-ids": "any", "characterizations": array(obj("characterization")),
        "mitigating-factors": array(obj("mitigating-factor")), "deadline": "datetime",
        "remediations": array(obj("response")), "risk-log": "any",
        "related-observations": array(obj("related-observation")), **COMMON}),
    "characterization": ({"origin", "facets"}, {
        "origin": obj("origin"), "facets": array(obj("facet")), "props": array(obj("property")),
        "links": array(obj("link"))}),
    "facet": ({"name", "system", "value"}, {"name": "token", "system": "uri", "value": "string", **COMMON}),
    "mitigating-factor": ({"uuid", "description"}, {
        "uuid": "uuid", "implementation-uuid": "uuid", "description": "text", "subjects": array(obj("subject")),
        "props": array(obj("property")), "links": array(obj("link"))}),
    "response": ({"uuid", "lifecycle", "title", "description"}, {
        "uuid": "uuid", "lifecycle": enum("recommendation", "planned", "completed"), "title": "line",
        "description": "text", "origins": array(obj("origin")), "required-assets": "any",
        "tasks": array(obj("task")), **COMMON}),
    "task": ({"uuid", "type", "title"}, {
        "uuid": "uuid", "type": enum("milestone", "action"), "title": "line", "description": "text",
        "timing": obj("timing"), "dependencies": "any", "tasks": array(obj("task")),
        "associated-activities": "any", "subjects": "any", "responsible-roles": "any", **COMMON}),
    "timing": (set(), {"on-date": obj("on-date"), "within-date-range": obj("date-range"),
                       "at-frequency": "any"}),
    "on-date": ({"date"}, {"date": "datetime"}),
    "date-range": ({"start", "end"}, {"start": "datetime", "end": "datetime"}),
    "related-observation": ({"observation-uuid"}, {"observation-uuid": "uuid"}),
    "related-risk": ({"risk-uuid"}, {"risk-uuid": "uuid"}),
    "related-finding": ({"finding-uuid"}, {"finding-uuid": "uuid"}),
    "finding": ({"uuid", "title", "description", "target"}, {
        "uuid": "uuid", "title": "line", "description": "text", "origins": array(obj("origin")),
        "target": obj("finding-target"), "implementation-statement-uuid": "uuid",
        "related-observations": array(obj("related-observation")), "related-risks": array(obj("related-risk")),
        **COMMON}),
    "finding-target": ({"type", "target-id", "status"}, {
        "type": enum("statement-id", "objective-id"), "target-id": "token", "title": "line",
        "description": "text", "status": obj("objective-status"),
        "implementation-status": obj("implementation-status"), **COMMON}),
    "objective-status": ({"state"}, {
        "state": enum("satisfied", "not-satisfied"), "reason": enum("pass", "fail", "other"), "remarks": "text"}),
    "implementation-status": ({"state"}, {
        "state": enum("implemented", "partial", "planned", "alternative", "not-applicable"), "remarks": "text"}),
    "poam-item": ({"title", "description"}, {
        "uuid": "uuid", "title": "line", "description": "text", "origins": array(obj("origin")),
        "related-findings": array(obj("related-finding")),
        "related-observations": array(obj("related-observation")), "related-risks": array(obj("related-risk")),
        **COMMON}),
    "back-matter": (set(), {"resources": array(obj("resource"))}),
    "resource": ({"uuid"}, {
        "uuid": "uuid", "title": "line", "description": "text", "document-ids": "any", "citation": "any",
        "rlinks": "any", "base64": "any", **COMMON}),
}

SCALARS = {
    "uuid": UUID, "token": TOKEN, "string": STRING, "line": LINE, "datetime": DATE_TIME, "uri": URI,
    "oscal-version": VERSION,
}


class Checker:
    def __init__(self):
        self.errors = []
        self.uuids = {}
        self.refs = []
        self.hrefs = []

    def fail(self, path, msg):
        self.errors.append(f"{path}: {msg}")

    def value(self, spec, v, path):
        if spec == "any":
            return
        if isinstance(spec, tuple):
            kind, arg = spec
            if kind == "enum":
                if v not in arg:
                    self.fail(path, f"{v!r} is not one of {sorted(arg)}")
            elif kind == "array":
                if not isinstance(v, list) or not v:
                    self.fail(path, "expected a non-empty array")
                    return
                for i, item in enumerate(v):
                    self.value(arg, item, f"{path}[{i}]")
            elif kind == "object":
                self.object(arg, v, path)
            return
        if not isinstance(v, str):
            self.fail(path, f"expected a string, got {type(v).__name__}")
            return
        if spec == "text":
            if not v.strip():
                self.fail(path, "empty text")
        elif spec == "href":
            if not v:
                self.fail(path, "empty href")
            self.hrefs.append((path, v))
        elif not SCALARS[spec].match(v):
            self.fail(path, f"{v!r} does not match the {spec} pattern")

    def object(self, name, v, path):
        if not isinstance(v, dict):
            self.fail(path, f"expected a {name} object")
            return
        required, allowed = MODEL[name]
        for k in sorted(required - v.keys()):
            self.fail(path, f"{name} lacks required {k!r}")
        for k, child in v.items():
            if k not in allowed:
                self.fail(path, f"{name} has no property {k!r}")
                continue
            spec = allowed[k]
            self.value(spec, child, f"{path}.{k}")
            if spec == "uuid" and isinstance(child, str):
                if k == "uuid":
                    if child in self.uuids:
                        self.fail(f"{path}.uuid", f"uuid {child} also defined at {self.uuids[child]}")
                    self.uuids[child] = path
                else:
                    self.refs.append((f"{path}.{k}", child))

    def resolve(self):
        for path, u in self.refs:
            if u not in self.uuids:
                self.fail(path, f"reference {u} resolves to nothing in the document")
        for path, href in self.hrefs:
            if href.startswith("#") and href[1:] not in self.uuids:
                self.fail(path, f"href {href} resolves to nothing in the document")


def check(doc):
    """Checks an OSCAL document (the whole JSON object with one root key)."""
    c = Checker()
    if not isinstance(doc, dict) or len(doc) != 1:
        return ["$: expected one root key"]
    (root, body), = doc.items()
    if root not in ("assessment-results", "plan-of-action-and-milestones"):
        return [f"$: unsupported root {root!r}"]
    c.object(root, body, f"$.{root}")
    c.resolve()
    return c.errors
