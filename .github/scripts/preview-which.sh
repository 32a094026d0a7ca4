#!/usr/bin/env bash
# Which pull request a preview belongs to, which build made it, and whether it may be published now: fetches
# that build's artefact into artefact/ and writes number=, head_sha=, run_id=, fork=, publish=, state=,
# approved_sha= and new_approval= to $GITHUB_OUTPUT. Used by preview-publish.yml, which runs the default branch's
# code: nothing from the artefact is executed, only read (its pr-number) and later copied.
#
# A pull request from a fork is built (pull-request.yml) but its preview is published only for a commit a
# maintainer approved, and only for that commit:
#   - the label $PUBLISH_LABEL (only people with triage rights set labels) approves the commit that was the
#     pull request's head when it was set: LABEL_SHA, the event's pull_request.head.sha, not the head when this
#     job gets to run (a push right after the label is not approved). The label is then taken off again: it is
#     a button, and the next approval is setting it again;
#   - a manual run approves the head commit when it runs, or refuses if that is not the commit COMMIT names.
# The approval is recorded in the preview comment (preview-comment.cjs), which only this repository's workflows
# write (github-actions[bot]), as the line "<!-- remissarkiv-godkand: <sha> -->". A build of a fork is published
# when its commit (RUN_SHA) is the recorded one; a build of any other commit waits for a new approval.
#
# state= says what the comment says: published; waiting (a fork's build without an approval for its commit);
# approved-unbuilt (approved before a successful build of that commit existed: its build publishes it).
#
# Environment: EVENT (workflow_run | pull_request_target | workflow_dispatch), REPO, GH_TOKEN; for
# workflow_run RUN_ID and RUN_SHA; otherwise NUMBER, and LABEL_SHA (pull_request_target) or the optional COMMIT
# (workflow_dispatch: the commit the maintainer looked at, 7 to 40 hex digits).
set -euo pipefail

PUBLISH_LABEL=${PUBLISH_LABEL:-publicera-forhandsversion}
MARKER='<!-- remissarkiv-forhandsversion -->'
fail() { echo "preview-which.sh: $*" >&2; exit 1; }
digits() { case "$1" in ''|*[!0-9]*) return 1 ;; esac; }
full_sha() { [[ $1 =~ ^[0-9a-f]{40}$ ]]; }

pull() { gh api "repos/$REPO/pulls/$1" --jq "$2"; }

# Sets `approved` to the commit recorded as approved in the preview comment, or to nothing. Only
# github-actions[bot]'s comment that starts with the marker counts: a comment of the fork's author (or of another
# app) with the same lines does not.
read_approval() {
  local filter records
  filter='.[] | select(.user.login == "github-actions[bot]" and (.body | startswith("'"$MARKER"'")))'
  filter+=' | .body | capture("<!-- remissarkiv-godkand: (?<sha>[0-9a-f]{40}) -->") | .sha'
  records=$(gh api --paginate "repos/$REPO/issues/$1/comments" --jq "$filter") \
    || fail "kunde inte läsa pull requestens kommentarer"
  approved=$(printf '%s\n' "$records" | sed -n 1p)
  full_sha "$approved" || approved=
}

# The successful pull_request build of commit $1, or nothing.
build_of() {
  gh api "repos/$REPO/actions/workflows/pull-request.yml/runs?head_sha=$1&status=success" \
    --jq "[.workflow_runs[] | select(.event == \"pull_request\" and .head_sha == \"$1\")][0].id // empty"
}

new_approval=
approved=
case "$EVENT" in
  workflow_run)
    run_id=$RUN_ID
    built=$RUN_SHA
    full_sha "$built" || fail "bygget anger ingen giltig commit: '$built'"
    gh run download "$run_id" -R "$REPO" -n forhandsversion -D artefact
    number=$(head -n 1 artefact/pr-number)
    digits "$number" || fail "artefakten anger inget giltigt nummer"
    head=$(pull "$number" .head.sha)
    [ "$head" = "$built" ] || fail "förhandsversionen gäller inte pull requestens senaste commit; den publiceras inte"
    fork=$(pull "$number" '.head.repo.full_name != .base.repo.full_name')
    state=published
    if [ "$fork" = true ]; then
      read_approval "$number"
      [ "$approved" = "$built" ] || state=waiting
    fi
    ;;
  pull_request_target|workflow_dispatch)
    number=${NUMBER:-}
    digits "$number" || fail "inget giltigt pull request-nummer: '$number'"
    if [ "$EVENT" = pull_request_target ]; then
      built=${LABEL_SHA:-}
      full_sha "$built" || fail "etiketten anger ingen giltig commit: '$built'"
      # Taken off again whatever follows: the label approves one commit, and setting it again approves the next.
      gh api -X DELETE "repos/$REPO/issues/$number/labels/$PUBLISH_LABEL" >/dev/null 2>&1 \
        || echo "::warning::Etiketten $PUBLISH_LABEL kunde inte tas bort (redan borttagen?)" >&2
    else
      built=$(pull "$number" .head.sha)
      full_sha "$built" || fail "pull requesten anger ingen giltig commit: '$built'"
      commit=${COMMIT:-}
      if [ -n "$commit" ]; then
        [[ $commit =~ ^[0-9a-f]{7,40}$ ]] || fail "ogiltig commit: '$commit' (7–40 tecken 0-9 och a-f)"
        [[ $built == "$commit"* ]] \
          || fail "commit $commit är inte pull requestens senaste ($built): den har fått en ny push, se på den först"
      fi
    fi
    fork=$(pull "$number" '.head.repo.full_name != .base.repo.full_name')
    if [ "$fork" = true ]; then
      new_approval=$built
      approved=$built
    fi
    run_id=$(build_of "$built")
    if [ -z "$run_id" ]; then
      # A fork's approval is recorded all the same; the build of that commit publishes it when it succeeds.
      [ "$fork" = true ] || fail "ingen lyckad förhandsversion är byggd för commit $built ännu"
      state=approved-unbuilt
    else
      [ "$(gh api "repos/$REPO/actions/runs/$run_id" --jq .head_sha)" = "$built" ] \
        || fail "bygget $run_id är inte av commit $built; det publiceras inte"
      gh run download "$run_id" -R "$REPO" -n forhandsversion -D artefact
      [ "$(head -n 1 artefact/pr-number)" = "$number" ] || fail "artefakten hör till en annan pull request"
      state=published
    fi
    ;;
  *) fail "okänd händelse '$EVENT'" ;;
esac

publish=false
if [ "$state" = published ]; then publish=true; fi
{
  echo "number=$number"
  echo "head_sha=$built"
  echo "run_id=$run_id"
  echo "fork=$fork"
  echo "publish=$publish"
  echo "state=$state"
  echo "approved_sha=$approved"
  echo "new_approval=$new_approval"
} >> "$GITHUB_OUTPUT"
