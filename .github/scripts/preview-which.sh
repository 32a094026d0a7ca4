#!/usr/bin/env bash
# Which pull request a preview belongs to, which build made it, and whether it may be published now: fetches
# that build's artefact into artefact/ and writes number=, head_sha=, fork=, publish= and run_id= to
# $GITHUB_OUTPUT. Used by preview-publish.yml, which runs the default branch's code: nothing from the artefact
# is executed, only read (its pr-number) and later copied.
#
# A pull request from a fork is built (pull-request.yml) but its preview is published only when a maintainer
# asks: the label $PUBLISH_LABEL (only people with triage rights set labels) or a manual run of the workflow.
#
# Environment: EVENT (workflow_run | pull_request_target | workflow_dispatch), REPO, GH_TOKEN; for
# workflow_run RUN_ID and RUN_SHA; otherwise NUMBER.
set -euo pipefail

PUBLISH_LABEL=${PUBLISH_LABEL:-publicera-forhandsversion}
fail() { echo "preview-which.sh: $*" >&2; exit 1; }
digits() { case "$1" in ''|*[!0-9]*) return 1 ;; esac; }

pull() { gh api "repos/$REPO/pulls/$1" --jq "$2"; }

case "$EVENT" in
  workflow_run)
    run_id=$RUN_ID
    gh run download "$run_id" -R "$REPO" -n forhandsversion -D artefact
    number=$(head -n 1 artefact/pr-number)
    digits "$number" || fail "artefakten anger inget giltigt nummer"
    head=$(pull "$number" .head.sha)
    [ "$head" = "$RUN_SHA" ] || fail "förhandsversionen gäller inte pull requestens senaste commit; den publiceras inte"
    ;;
  pull_request_target|workflow_dispatch)
    number=${NUMBER:-}
    digits "$number" || fail "inget giltigt pull request-nummer: '$number'"
    head=$(pull "$number" .head.sha)
    run_id=$(gh api "repos/$REPO/actions/workflows/pull-request.yml/runs?head_sha=$head&status=success" \
               --jq '[.workflow_runs[] | select(.event == "pull_request")][0].id // empty')
    [ -n "$run_id" ] || fail "ingen lyckad förhandsversion är byggd för pull requestens senaste commit ännu"
    gh run download "$run_id" -R "$REPO" -n forhandsversion -D artefact
    [ "$(head -n 1 artefact/pr-number)" = "$number" ] || fail "artefakten hör till en annan pull request"
    ;;
  *) fail "okänd händelse '$EVENT'" ;;
esac

fork=$(pull "$number" '.head.repo.full_name != .base.repo.full_name')
labelled=$(pull "$number" "[.labels[].name] | index(\"$PUBLISH_LABEL\") != null")
publish=true
# A fork's preview waits for a maintainer: the label or a manual run (both are maintainers' acts).
if [ "$fork" = true ] && [ "$EVENT" = workflow_run ] && [ "$labelled" != true ]; then
  publish=false
fi
{
  echo "number=$number"
  echo "head_sha=$head"
  echo "run_id=$run_id"
  echo "fork=$fork"
  echo "publish=$publish"
} >> "$GITHUB_OUTPUT"
