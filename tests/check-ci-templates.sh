#!/bin/sh
# The CI templates of doc/ci/ (for the association's guide repository) are
# valid YAML, check on merge requests with `make check`, publish with
# `make site` from the default branch only, and the README points to them.
name=ci-templates
. tests/lib.sh
python3 - <<'PY' || fail=1
import sys, yaml
bad = []
def need(cond, what):
    if not cond:
        bad.append(what)
g = yaml.safe_load(open("doc/ci/gitlab-ci.yml"))
need("make check" in g["check"]["script"], "gitlab: check runs make check")
need(any("merge_request_event" in r.get("if", "") for r in g["check"]["rules"]),
     "gitlab: check on merge requests")
need("make site" in g["pages"]["script"], "gitlab: pages runs make site")
need(g["pages"]["artifacts"]["paths"] == ["public"], "gitlab: pages publishes public/")
need(all("CI_DEFAULT_BRANCH" in r["if"] for r in g["pages"]["rules"]),
     "gitlab: pages from the default branch only")
need(g["stages"].index(g["check"]["stage"]) < g["stages"].index(g["pages"]["stage"]),
     "gitlab: check before pages")
w = yaml.safe_load(open("doc/ci/github-workflow.yml"))
on = w.get("on", w.get(True))
need("pull_request" in on, "github: runs on pull requests")
runs = lambda job: [s.get("run", "") for s in w["jobs"][job]["steps"]]
need(any("make check" in r for r in runs("check")), "github: check runs make check")
need(any("make site" in r for r in runs("pages")), "github: pages runs make site")
need(w["jobs"]["pages"]["needs"] == "check", "github: pages needs check")
need("refs/heads/main" in w["jobs"]["pages"]["if"], "github: pages from main only")
uses = [s.get("uses", "") for s in w["jobs"]["pages"]["steps"]]
need(any(u.startswith("actions/deploy-pages") for u in uses), "github: deploys to Pages")
readme = open("README.md").read()
need("doc/ci/gitlab-ci.yml" in readme and "doc/ci/github-workflow.yml" in readme,
     "README points to doc/ci/")
for b in bad:
    print("FAIL:", b)
print("ci-templates: %d checks, %d failed" % (13, len(bad)))
sys.exit(1 if bad else 0)
PY
[ "$fail" -eq 0 ]
