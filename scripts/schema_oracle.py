#!/usr/bin/env python3
"""Independent schema oracle: validates JSON against the draft-07 schemas in shared/ with Python's jsonschema,
so the Swift validator's verdicts and error paths can be compared with it.

  schema_oracle.py check-schemas DIR          check every *.schema.json in DIR (Draft7Validator.check_schema)
  schema_oracle.py validate SCHEMA FILE...    validate FILEs against SCHEMA
  schema_oracle.py auto DIR|FILE...          validate every *.json under DIRs, schema chosen by the file's kind

validate/auto print one line per violation, `FILE: /json/pointer: message`, then one JSON line per file:
{"file": ..., "valid": bool, "paths": [sorted unique RFC 6901 pointers of the violations]} ("" is the root).
Exit status: 0 iff everything checked is valid; 1 otherwise; 2 on usage errors.  Note: paths are those of
jsonschema's error.absolute_path, so `required`/`additionalProperties` faults point at the object that holds them.
"""
import json
import sys
from pathlib import Path
from urllib.parse import urljoin

from jsonschema import Draft7Validator
from jsonschema.exceptions import SchemaError
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT7

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO / "shared"
BY_VERSION = {"qc_policy.v1", "smoke_scenario.v1", "qc_report.v1", "user_action_required.v1",
              "handoff_registry.v1", "workflow_registry.v1", "job_state.v1", "attempt_lineage.v1"}
# The original system's metrics input: validated if shared/ has a schema for it, else skipped with this note.
OPTIONAL = {"recast_quality_report.v1": "the original system's metrics input, and shared/ has no schema for it"}
BAD_INPUT = (OSError, ValueError, SchemaError)  # ValueError covers json.JSONDecodeError


def pointer(path):  # RFC 6901 pointer of a jsonschema error path (a deque of keys and indices)
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def registry_for(schema_dir):
    """Every sibling *.schema.json, reachable by its $id, by its file name, and by that name beside any $id."""
    docs = {}
    for p in sorted(Path(schema_dir).glob("*.schema.json")):
        try:
            doc = load_json(p)
            docs[p.name] = (doc, doc.get("$id") if isinstance(doc, dict) else None)
        except (OSError, ValueError):
            pass  # check-schemas reports it
    ids = {i for _, i in docs.values() if isinstance(i, str)}
    return Registry().with_resources(
        (uri, Resource.from_contents(doc, default_specification=DRAFT7)) for name, (doc, own) in docs.items()
        for uri in {name, "./" + name, *(urljoin(i, name) for i in ids), *([own] if own in ids else [])})


def make_validator(schema_path):
    schema = load_json(schema_path)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, registry=registry_for(Path(schema_path).parent),
                           format_checker=Draft7Validator.FORMAT_CHECKER)


def validate_file(validator, path, extra=None):
    try:
        instance = load_json(path)
        errors = [(pointer(e.absolute_path), e.message) for e in validator.iter_errors(instance)]
    except (OSError, ValueError) as e:
        errors = [("", f"unreadable or not JSON: {e}")]
    except Unresolvable as e:
        errors = [("", f"schema $ref cannot be resolved: {e}")]
    for ptr, msg in sorted(errors):
        print(f"{path}: {ptr}: {msg}")
    print(json.dumps({"file": str(path), "valid": not errors, "paths": sorted({p for p, _ in errors}), **(extra or {})}))
    return not errors


def check_schemas(directory):
    files = sorted(Path(directory).glob("*.schema.json"))
    ok = bool(files) or print(f"{directory}: no *.schema.json found")
    for f in files:
        try:
            Draft7Validator.check_schema(load_json(f))
            print(f"OK {f}")
        except BAD_INPUT as e:
            ok = False
            print(f"{f}: {pointer(getattr(e, 'absolute_path', []))}: {getattr(e, 'message', e)}")
    return 0 if ok else 1


def kind_of(path):  # -> (schema kind, None) or (None, why the file is skipped)
    if path.name.endswith(".schema.json"):
        return None, "a schema, not an artifact"
    if path.name == "job.json" or path.name.endswith(".job.json"):
        return "job.v1", None
    try:
        doc = load_json(path)
    except (OSError, ValueError):
        return None, "unreadable or not JSON, kind unknown"
    version = doc.get("version") if isinstance(doc, dict) else None
    if version in BY_VERSION:
        return version, None
    if version in OPTIONAL:
        return (version, None) if (SHARED / f"{version}.schema.json").is_file() else (None, OPTIONAL[version])
    if version == "1.0" and "decision" in doc:
        return "production_decision.v1", None
    if version == "1.0" and "visual_metrics" in doc:
        return "production_metrics.v1", None
    return None, f"no known kind (version {version!r})"


def auto(dirs):
    ok, validators = True, {}
    for f in sorted({p for d in map(Path, dirs) for p in ([d] if d.is_file() else d.rglob("*.json")) if p.is_file()}):
        kind, why = kind_of(f)
        if kind is None:
            print(f"SKIP {f}: {why}")
            continue
        schema = SHARED / f"{kind}.schema.json"
        try:
            if kind not in validators:
                validators[kind] = make_validator(schema)
        except BAD_INPUT as e:
            ok = False
            print(f"{f}: : schema {schema.relative_to(REPO)} is unusable: {getattr(e, 'message', e)}")
            continue
        ok = validate_file(validators[kind], f, {"schema": str(schema.relative_to(REPO))}) and ok
    return 0 if ok else 1


def main(argv):
    if len(argv) >= 2 and argv[0] == "check-schemas":
        return max(check_schemas(d) for d in argv[1:])
    if len(argv) >= 3 and argv[0] == "validate":
        try:
            validator = make_validator(argv[1])
        except BAD_INPUT as e:
            print(f"{argv[1]}: : unusable schema: {getattr(e, 'message', e)}")
            return 1
        return 0 if all([validate_file(validator, f) for f in argv[2:]]) else 1
    if len(argv) >= 2 and argv[0] == "auto":
        return auto(argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
