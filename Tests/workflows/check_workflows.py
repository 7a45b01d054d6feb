#!/usr/bin/env python3
"""Checks the Argo workflow template and the local runner (workflows/).

1. workflows/clinval-gate.yaml validates against Argo's JSON Schema (draft 2020-12), also in a
   strict reading that rejects unknown keys, and keeps its promises: every output parameter has a
   default, a failed gate (exit 1) and invalid input (exit 2) are never retried while exit 3 and
   above and pod errors are, the exit handler always runs, the report is published unarchived,
   shards fan out and fan back in through the same artifact keys.
2. The workflow gives the same answer sharded and unsharded: the template's own container
   commands run on this machine (a small emulation of Argo: parameters, artifacts, output
   parameters), and workflows/run-local.sh, each with 3 shards, give the same metrics, verdict,
   criteria and JUnit test cases as one unsharded `clinval run`, and both call clinval with the
   same arguments.

usage: python3 Tests/workflows/check_workflows.py [-v]
environment: CLINVAL_BIN (default .build/debug/clinval).
Argo's schema is vendored in Tests/Fixtures/schemas/ (see SOURCE.md there).
Needs the Python packages PyYAML and jsonschema.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import types
import unittest
import xml.etree.ElementTree as ElementTree
from pathlib import Path

try:
    import yaml
except ImportError:
    sys.exit("error: check_workflows.py needs the Python package PyYAML (pip install PyYAML)")
try:
    from jsonschema import Draft202012Validator
except ImportError:
    sys.exit("error: check_workflows.py needs the Python package jsonschema (pip install jsonschema)")

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "workflows" / "clinval-gate.yaml"
RUNNER = ROOT / "workflows" / "run-local.sh"
SCHEMA = ROOT / "Tests" / "Fixtures" / "schemas" / "argo-workflows-schema.json"
BINARY = Path(os.environ.get("CLINVAL_BIN", ROOT / ".build" / "debug" / "clinval"))
if not BINARY.is_absolute():
    BINARY = Path.cwd() / BINARY

# The files `clinval merge --argo-outputs DIR` writes, one per output parameter.
ARGO_OUTPUT_FILES = {
    "verdict", "run-id", "top3-accuracy", "top1-accuracy", "triage-accuracy", "undertriage-rate",
    "emergency-undertriage-rate", "must-pass-failures", "ece", "error-rate", "coverage",
}
# The retry rule of the shard and merge steps: a pod or controller error, or clinval's exit 3 and
# above (runtime failure, killed container); never exit 1 (a verdict) or 2 (invalid input).
RETRY_EXPRESSION = 'lastRetry.status == "Error" || asInt(lastRetry.exitCode) >= 3'
QUANTITY = re.compile(r"^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$")
PROMETHEUS_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
PLACEHOLDER = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")


def load_template():
    with open(TEMPLATE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def templates_by_name(document):
    return {template["name"]: template for template in document["spec"]["templates"]}


def walk_strings(value):
    """Every string in a YAML tree."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from walk_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_strings(item)


def retry_decision(expression, status, exit_code):
    """Evaluates an Argo retry expression (the subset used here) for one finished attempt."""
    python = expression.replace("||", " or ").replace("&&", " and ").replace("asInt(", "int(")
    if re.search(r"[^=!<>]=[^=]|!(?!=)", python):
        raise ValueError(f"cannot evaluate retry expression {expression!r}")
    last_retry = types.SimpleNamespace(status=status, exitCode=exit_code, duration="10", message="")
    return bool(eval(python, {"__builtins__": {}, "int": int}, {"lastRetry": last_retry}))  # noqa: S307


def schema_errors(document, strict):
    with open(SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    if strict:
        # The published schema allows any extra key; reject them, so that a misspelt field
        # (which Argo would drop silently) is caught.
        for definition in schema["definitions"].values():
            if "properties" in definition and "additionalProperties" not in definition:
                definition["additionalProperties"] = False
        schema = {
            "$schema": schema["$schema"],
            "definitions": schema["definitions"],
            "$ref": "#/definitions/io.argoproj.workflow.v1alpha1.WorkflowTemplate",
        }
    validator = Draft202012Validator(schema)
    return [
        "/".join(str(part) for part in error.absolute_path) + ": " + error.message[:300]
        for error in sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    ]


class TemplateSchemaTests(unittest.TestCase):
    def test_validates_against_the_argo_schema(self):
        self.assertTrue(SCHEMA.is_file(), f"the Argo schema is missing: {SCHEMA}")
        self.assertEqual(schema_errors(load_template(), strict=False), [])

    def test_has_no_unknown_keys(self):
        self.assertEqual(schema_errors(load_template(), strict=True), [])

    def test_strict_reading_catches_a_misspelt_key(self):
        document = load_template()
        templates_by_name(document)["merge"]["retryStrategy"]["retryPolcy"] = "Always"
        errors = schema_errors(document, strict=True)
        self.assertTrue(any("'retryPolcy' was unexpected" in error for error in errors), errors)


class TemplateStructureTests(unittest.TestCase):
    def setUp(self):
        self.document = load_template()
        self.spec = self.document["spec"]
        self.templates = templates_by_name(self.document)

    def test_is_a_workflow_template(self):
        self.assertEqual(self.document["apiVersion"], "argoproj.io/v1alpha1")
        self.assertEqual(self.document["kind"], "WorkflowTemplate")
        self.assertIn(self.spec["entrypoint"], self.templates)

    def test_takes_the_documented_parameters(self):
        names = [parameter["name"] for parameter in self.spec["arguments"]["parameters"]]
        self.assertEqual(
            names,
            ["model", "casebank", "policy", "shards", "jobs", "baseline", "image", "inputs-key", "history-key"],
        )
        for parameter in self.spec["arguments"]["parameters"]:
            self.assertIn("value", parameter, parameter["name"])
            self.assertTrue(parameter.get("description"), parameter["name"])

    def test_every_output_parameter_has_a_default(self):
        count = 0
        for template in self.spec["templates"]:
            for parameter in template.get("outputs", {}).get("parameters", []):
                count += 1
                value_from = parameter.get("valueFrom", {})
                self.assertIsInstance(value_from.get("default"), str, f"{template['name']}.{parameter['name']}")
        self.assertGreater(count, 0)

    def test_publishes_one_output_parameter_per_argo_outputs_file(self):
        parameters = self.templates["merge"]["outputs"]["parameters"]
        self.assertEqual({parameter["name"] for parameter in parameters}, ARGO_OUTPUT_FILES)
        for parameter in parameters:
            self.assertEqual(parameter["valueFrom"]["path"], "/data/argo/" + parameter["name"])
            self.assertEqual(parameter.get("globalName"), parameter["name"])

    def test_retries_only_pod_errors_and_exit_3_or_more(self):
        for name in ("shard", "merge"):
            strategy = self.templates[name]["retryStrategy"]
            # Both must allow a retry: the policy lets every failed or errored attempt through,
            # the expression then decides.
            self.assertEqual(strategy["retryPolicy"], "Always", name)
            self.assertEqual(strategy["expression"], RETRY_EXPRESSION, name)
            self.assertEqual(strategy["limit"], "2", name)
            self.assertEqual(strategy["backoff"], {"duration": "20s", "factor": "2", "maxDuration": "5m"}, name)
            expression = strategy["expression"]
            self.assertFalse(retry_decision(expression, "Failed", "1"), f"{name} retries a failed gate (exit 1)")
            self.assertFalse(retry_decision(expression, "Failed", "2"), f"{name} retries invalid input (exit 2)")
            for code in ("3", "126", "127", "137", "143"):
                self.assertTrue(retry_decision(expression, "Failed", code), f"{name} does not retry exit {code}")
            for code in ("-1", "0", "2"):
                self.assertTrue(retry_decision(expression, "Error", code), f"{name} does not retry a pod error")

    def test_exit_handler_runs_whatever_happened(self):
        handler = self.templates[self.spec["onExit"]]
        for artifact in handler.get("inputs", {}).get("artifacts", []):
            self.assertTrue(artifact.get("optional"), f"exit handler input {artifact['name']} must be optional")
        self.assertNotIn("parameters", handler.get("inputs", {}))
        for text in walk_strings(handler):
            self.assertNotRegex(text, r"\{\{\s*(tasks|steps|workflow\.outputs)\.", "the exit handler must not need the merge step")

    def test_publishes_the_report_unarchived(self):
        artifacts = {artifact["name"]: artifact for artifact in self.templates["merge"]["outputs"]["artifacts"]}
        for name, file in (("report", "report.html"), ("junit", "junit.xml"), ("summary", "summary.json")):
            self.assertEqual(artifacts[name]["path"], "/data/out/" + file)
            self.assertEqual(artifacts[name]["archive"], {"none": {}}, name)

    def test_fans_out_one_shard_per_item_with_one_run_id(self):
        tasks = {task["name"]: task for task in self.templates[self.spec["entrypoint"]]["dag"]["tasks"]}
        shards = tasks["shards"]
        self.assertEqual(shards["withSequence"], {"start": "1", "count": "{{workflow.parameters.shards}}"})
        arguments = {parameter["name"]: parameter["value"] for parameter in shards["arguments"]["parameters"]}
        self.assertEqual(arguments["shard"], "{{item}}")
        self.assertEqual(arguments["run-id"], "{{workflow.name}}")
        args = self.templates["shard"]["container"]["args"]
        self.assertEqual(args[args.index("--shard") + 1], "{{inputs.parameters.shard}}/{{inputs.parameters.shards}}")
        self.assertEqual(tasks["merge"]["depends"], "shards")

    def test_fans_in_through_the_shard_artifact_keys(self):
        shard = self.templates["shard"]
        merge = self.templates["merge"]
        output = shard["outputs"]["artifacts"][0]
        args = shard["container"]["args"]
        self.assertEqual(output["path"], shard["container"]["workingDir"] + "/" + args[args.index("--db") + 1])
        self.assertEqual(output["archive"], {"none": {}})
        shard_inputs = {artifact["name"]: artifact for artifact in merge["inputs"]["artifacts"]}["shards"]
        self.assertEqual(output["s3"]["key"], shard_inputs["s3"]["key"] + "/shard-{{inputs.parameters.shard}}.sqlite")
        folder = os.path.relpath(shard_inputs["path"], merge["container"]["workingDir"])
        self.assertIn(f'"$@" {folder}/*.sqlite', merge["container"]["command"][2])

    def test_declares_every_parameter_it_uses(self):
        workflow_parameters = {parameter["name"] for parameter in self.spec["arguments"]["parameters"]}
        for template in self.spec["templates"]:
            inputs = {parameter["name"] for parameter in template.get("inputs", {}).get("parameters", [])}
            outputs = {parameter["name"] for parameter in template.get("outputs", {}).get("parameters", [])}
            for text in walk_strings(template):
                for reference in PLACEHOLDER.findall(text):
                    kind, _, name = reference.rpartition(".")
                    if kind == "workflow.parameters":
                        self.assertIn(name, workflow_parameters, f"{template['name']}: {reference}")
                    elif kind == "inputs.parameters":
                        self.assertIn(name, inputs, f"{template['name']}: {reference}")
                    elif kind == "outputs.parameters":
                        self.assertIn(name, outputs, f"{template['name']}: {reference}")
                    else:
                        self.assertIn(reference, {"item", "workflow.name", "workflow.status"}, template["name"])
            for task in template.get("dag", {}).get("tasks", []):
                called = self.templates[task["template"]]
                wanted = {parameter["name"] for parameter in called.get("inputs", {}).get("parameters", [])}
                given = {parameter["name"] for parameter in task.get("arguments", {}).get("parameters", [])}
                self.assertEqual(given, wanted, f"task {task['name']}")

    def test_every_container_requests_and_limits_resources(self):
        for template in self.spec["templates"]:
            if "container" not in template:
                continue
            resources = template["container"]["resources"]
            for part, keys in (("requests", ("cpu", "memory")), ("limits", ("cpu", "memory"))):
                for key in keys:
                    self.assertRegex(resources[part][key], QUANTITY, f"{template['name']} {part}.{key}")

    def test_emits_headline_metrics_from_outputs(self):
        metrics = self.templates["merge"]["metrics"]["prometheus"]
        gauges = {metric["name"]: metric for metric in metrics if "gauge" in metric}
        self.assertIn("clinval_top3_accuracy", gauges)
        outputs = {parameter["name"] for parameter in self.templates["merge"]["outputs"]["parameters"]}
        for metric in metrics:
            self.assertRegex(metric["name"], PROMETHEUS_NAME)
            self.assertTrue(metric["help"])
        for name, metric in gauges.items():
            self.assertIs(metric["gauge"]["realtime"], False, name)
            match = re.fullmatch(r"\{\{outputs\.parameters\.([a-z0-9-]+)\}\}", metric["gauge"]["value"])
            self.assertIsNotNone(match, name)
            self.assertIn(match.group(1), outputs - {"verdict", "run-id"}, name)
            self.assertEqual(metric["when"], "{{outputs.parameters.verdict}} != none", name)


def merge_script_in_runner():
    text = RUNNER.read_text(encoding="utf-8")
    match = re.search(r"merge_script=\$\(cat <<'SCRIPT'\n(.*?)\nSCRIPT\n\)", text, re.S)
    if match is None:
        raise AssertionError("run-local.sh: the merge script heredoc is missing")
    return match.group(1)


class MergeScriptTests(unittest.TestCase):
    """The merge step's shell script, run with a stand-in for clinval."""

    def setUp(self):
        self.script = templates_by_name(load_template())["merge"]["container"]["command"][2]
        self.folder = Path(tempfile.mkdtemp(prefix="clinval-merge-script-"))
        self.addCleanup(shutil.rmtree, self.folder)
        (self.folder / "bin").mkdir()
        (self.folder / "work" / "shards").mkdir(parents=True)
        for k in (1, 2):
            (self.folder / "work" / "shards" / f"shard-{k}.sqlite").write_text("")

    def run_script(self, baseline, exit_code):
        stand_in = self.folder / "bin" / "clinval"
        stand_in.write_text(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > args.txt\necho new >> clinval.sqlite\n" f"exit {exit_code}\n"
        )
        stand_in.chmod(0o755)
        environment = dict(os.environ, PATH=f"{self.folder / 'bin'}:{os.environ['PATH']}", CLINVAL_BASELINE=baseline)
        result = subprocess.run(
            ["/bin/sh", "-c", self.script, "clinval-merge", "--db", "clinval.sqlite"],
            cwd=self.folder / "work", env=environment, check=False,
        )
        args = (self.folder / "work" / "args.txt").read_text().splitlines()
        return result.returncode, args

    def test_runner_uses_the_template_script(self):
        self.assertEqual(merge_script_in_runner(), self.script.rstrip("\n"))

    def test_passes_every_shard_and_no_baseline_when_empty(self):
        code, args = self.run_script("", 0)
        self.assertEqual(code, 0)
        self.assertEqual(args, ["merge", "--db", "clinval.sqlite", "shards/shard-1.sqlite", "shards/shard-2.sqlite"])

    def test_passes_the_baseline_when_given(self):
        _, args = self.run_script("latest-pass", 0)
        self.assertEqual(args[3:5], ["--baseline", "latest-pass"])

    def test_keeps_the_exit_code_and_the_history_of_a_failed_gate(self):
        (self.folder / "work" / "history-in").mkdir()
        (self.folder / "work" / "history-in" / "clinval.sqlite").write_text("old\n")
        code, _ = self.run_script("", 1)
        self.assertEqual(code, 1)
        self.assertEqual((self.folder / "work" / "history-out" / "clinval.sqlite").read_text(), "old\nnew\n")

    def test_publishes_no_history_after_a_runtime_failure(self):
        code, _ = self.run_script("", 3)
        self.assertEqual(code, 3)
        self.assertFalse((self.folder / "work" / "history-out").exists())


# ----------------------------------------------------------------------------------------------
# End to end: the template emulated, the local runner and an unsharded run on the same inputs.

SHARDS = 3
RUN_ID = "clinval-gate-e2e"


def substitute(value, scope):
    if isinstance(value, str):
        def replace(match):
            if match.group(1) not in scope:
                raise KeyError(f"unresolved {match.group(0)}")
            return scope[match.group(1)]
        return PLACEHOLDER.sub(replace, value)
    if isinstance(value, list):
        return [substitute(item, scope) for item in value]
    if isinstance(value, dict):
        return {key: substitute(item, scope) for key, item in value.items()}
    return value


class ArgoEmulator:
    """Runs the template's DAG on this machine the way Argo would: one folder per pod standing for
    its /data, key-only artifacts in a folder standing for the artifact repository, output
    parameters read from their paths (or their defaults). No retries, no Kubernetes."""

    def __init__(self, document, folder, environment, workflow_name, parameters):
        self.templates = templates_by_name(document)
        self.spec = document["spec"]
        self.folder = folder
        self.repository = folder / "repository"
        self.environment = environment
        self.workflow = {"workflow.name": workflow_name}
        for parameter in self.spec["arguments"]["parameters"]:
            value = parameters.get(parameter["name"], parameter["value"])
            self.workflow["workflow.parameters." + parameter["name"]] = value

    def run(self):
        results = {}
        for task in self.templates[self.spec["entrypoint"]]["dag"]["tasks"]:
            if "withSequence" in task:
                sequence = substitute(task["withSequence"], self.workflow)
                start = int(sequence.get("start", "0"))
                items = [str(start + i) for i in range(int(sequence["count"]))]
            else:
                items = [None]
            pods = []
            for item in items:
                scope = dict(self.workflow, **({"item": item} if item is not None else {}))
                arguments = {
                    parameter["name"]: substitute(parameter["value"], scope)
                    for parameter in task.get("arguments", {}).get("parameters", [])
                }
                name = task["name"] if item is None else f"{task['name']}-{item}"
                pods.append(self.start_pod(self.templates[task["template"]], arguments, self.folder / "pods" / name))
            results[task["name"]] = [self.finish_pod(*pod) for pod in pods]
            if any(result["exit"] != 0 for result in results[task["name"]]):
                break
        return results

    def local(self, root, path):
        work = "/data"
        assert path == work or path.startswith(work + "/"), path
        return root / os.path.relpath(path, work)

    def start_pod(self, template, arguments, root):
        scope = dict(self.workflow, **{"inputs.parameters." + key: value for key, value in arguments.items()})
        root.mkdir(parents=True)
        for artifact in template.get("inputs", {}).get("artifacts", []):
            key = substitute(artifact["s3"]["key"], scope)
            source = self.repository / key
            target = self.local(root, artifact["path"])
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target)
            elif source.is_file():
                shutil.copy(source, target)
            elif not artifact.get("optional"):
                raise AssertionError(f"input artifact {artifact['name']}: no key {key}")
        container = substitute(template["container"], scope)
        assert container["workingDir"] == "/data"
        environment = dict(self.environment, **{item["name"]: item["value"] for item in container.get("env", [])})
        process = subprocess.Popen(
            container["command"] + container.get("args", []), cwd=root, env=environment,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        return template, scope, root, process

    def finish_pod(self, template, scope, root, process):
        log, _ = process.communicate()
        result = {"exit": process.returncode, "log": log, "parameters": {}}
        outputs = template.get("outputs", {})
        for parameter in outputs.get("parameters", []):
            path = self.local(root, parameter["valueFrom"]["path"])
            value = path.read_text().strip() if path.is_file() else parameter["valueFrom"]["default"]
            result["parameters"][parameter["name"]] = value
        for artifact in outputs.get("artifacts", []):
            path = self.local(root, artifact["path"])
            key = substitute(artifact["s3"]["key"], scope)
            target = self.repository / key
            if path.is_dir():
                shutil.copytree(path, target, dirs_exist_ok=True)
            elif path.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
            elif not artifact.get("optional"):
                raise AssertionError(f"output artifact {artifact['name']}: nothing at {artifact['path']}")
        return result


def comparable_summary(path):
    summary = json.loads(Path(path).read_text())
    return {
        "verdict": summary["verdict"],
        "counts": summary["counts"],
        "casebanks": summary["casebanks"],
        "model": summary["model"],
        "criteria": summary["criteria"],
        # Latencies are wall-clock measurements, different on every run.
        "metrics": [metric for metric in summary["metrics"] if not metric["metric"].startswith("latency_")],
    }


def junit_testcases(path):
    cases = []
    for suite in ElementTree.parse(path).getroot().iter("testsuite"):
        for case in suite.iter("testcase"):
            outcome = next((child.tag for child in case if child.tag in ("failure", "error", "skipped")), "passed")
            cases.append((suite.get("name"), case.get("classname"), case.get("name"), outcome))
    return cases


def read_trace(path):
    return sorted(tuple(json.loads(line)) for line in Path(path).read_text().splitlines())


class EndToEndTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not BINARY.is_file():
            raise AssertionError(f"no clinval binary at {BINARY}: build it or set CLINVAL_BIN")
        cls.folder = Path(tempfile.mkdtemp(prefix="clinval-workflows-"))
        folder = cls.folder
        model = ROOT / "models" / "ddxplus-noisy-or-1.0.0.json"
        policy = ROOT / "workflows" / "release-gate.yaml"
        banks = folder / "banks"
        banks.mkdir()
        shutil.copy(ROOT / "casebanks" / "red-flags.yaml", banks / "red-flags.yaml")
        subprocess.run(
            [BINARY, "synthesize", "--model", model, "--count", "300", "--seed", "20261129", "--out", banks / "synthetic.jsonl"],
            check=True, capture_output=True,
        )
        # A stand-in `clinval` that notes its arguments, then runs the real one.
        wrapper = folder / "wrapper" / "clinval"
        wrapper.parent.mkdir()
        wrapper.write_text(
            "#!/bin/sh\n"
            "python3 -c 'import json, os, sys; open(os.environ[\"CLINVAL_TRACE\"], \"a\").write(json.dumps(sys.argv[1:]) + \"\\n\")' \"$@\"\n"
            f"exec '{BINARY}' \"$@\"\n"
        )
        wrapper.chmod(0o755)
        base = dict(os.environ, PATH=f"{wrapper.parent}:{os.environ['PATH']}")
        base.pop("CLINVAL_GIT_COMMIT", None)
        parameters = {"model": str(model), "casebank": str(banks), "policy": str(policy), "shards": str(SHARDS), "jobs": "1"}

        cls.unsharded = subprocess.run(
            [BINARY, "run", "--model", model, "--casebank", banks, "--policy", policy, "--db", folder / "unsharded.sqlite",
             "--out", folder / "unsharded", "--argo-outputs", folder / "unsharded-argo", "--run-id", "unsharded",
             "--no-progress"],
            capture_output=True, text=True, check=False,
        )

        cls.emulated = ArgoEmulator(
            load_template(), folder / "argo", dict(base, CLINVAL_TRACE=str(folder / "argo-trace.jsonl")), RUN_ID, parameters,
        ).run()

        cls.local = subprocess.run(
            [RUNNER, "--model", model, "--casebank", banks, "--policy", policy, "--shards", str(SHARDS), "--jobs", "1",
             "--run-id", RUN_ID, "--work", folder / "local", "--history", folder / "local-history.sqlite"],
            env=dict(base, CLINVAL_BIN=str(wrapper), CLINVAL_TRACE=str(folder / "local-trace.jsonl")),
            capture_output=True, text=True, check=False, cwd=ROOT,
        )

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def outputs(self):
        return {
            "unsharded": self.folder / "unsharded",
            "argo": self.folder / "argo" / "repository" / RUN_ID,
            "local": self.folder / "local" / "merge" / "out",
        }

    def test_all_three_decide_and_agree_on_the_exit_code(self):
        self.assertIn(self.unsharded.returncode, (0, 1), self.unsharded.stderr)
        self.assertEqual([result["exit"] for result in self.emulated["shards"]], [0] * SHARDS)
        self.assertEqual(self.emulated["merge"][0]["exit"], self.unsharded.returncode, self.emulated["merge"][0]["log"])
        self.assertEqual(self.local.returncode, self.unsharded.returncode, self.local.stdout + self.local.stderr)

    def test_sharded_runs_give_the_unsharded_metrics_criteria_and_verdict(self):
        summaries = {name: comparable_summary(folder / "summary.json") for name, folder in self.outputs().items()}
        self.assertEqual(summaries["argo"], summaries["unsharded"])
        self.assertEqual(summaries["local"], summaries["unsharded"])
        self.assertEqual(summaries["unsharded"]["counts"]["vignettes"], 339)

    def test_sharded_runs_give_the_unsharded_junit_testcases(self):
        cases = {name: junit_testcases(folder / "junit.xml") for name, folder in self.outputs().items()}
        self.assertGreater(len(cases["unsharded"]), 6)
        self.assertEqual(cases["argo"], cases["unsharded"])
        self.assertEqual(cases["local"], cases["unsharded"])

    def test_output_parameters_match_the_unsharded_run(self):
        unsharded = {path.name: path.read_text().strip() for path in (self.folder / "unsharded-argo").iterdir()}
        self.assertEqual(set(unsharded), ARGO_OUTPUT_FILES)
        emulated = self.emulated["merge"][0]["parameters"]
        local = {path.name: path.read_text().strip() for path in (self.folder / "local" / "merge" / "argo").iterdir()}
        self.assertEqual(emulated["run-id"], RUN_ID)
        self.assertEqual(local, emulated)
        self.assertEqual(dict(emulated, **{"run-id": "unsharded"}), unsharded)

    def test_the_report_and_the_history_reach_the_artifact_repository(self):
        repository = self.folder / "argo" / "repository"
        self.assertTrue((repository / RUN_ID / "report.html").is_file())
        self.assertEqual(sorted(path.name for path in (repository / RUN_ID / "shards").iterdir()),
                         [f"shard-{k}.sqlite" for k in range(1, SHARDS + 1)])
        runs = subprocess.run([BINARY, "runs", "--db", repository / "clinval" / "history.sqlite"],
                              capture_output=True, text=True, check=True).stdout
        self.assertIn(RUN_ID, runs)
        runs = subprocess.run([BINARY, "runs", "--db", self.folder / "local-history.sqlite"],
                              capture_output=True, text=True, check=True).stdout
        self.assertIn(RUN_ID, runs)

    def test_local_runner_calls_clinval_exactly_as_the_template(self):
        argo = read_trace(self.folder / "argo-trace.jsonl")
        local = read_trace(self.folder / "local-trace.jsonl")
        self.assertEqual(len(argo), SHARDS + 1)
        self.assertEqual(local, argo)


if __name__ == "__main__":
    unittest.main()
