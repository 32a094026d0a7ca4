#!/usr/bin/env bash
# Publishes pull-request previews to the previews site: the Pages branch of a repository of its own, served
# from another origin than the production site (CONTRIBUTING.md, "Previews and publication"). Production is
# deployed by publish.yml from what main built and nothing else; this script never writes there.
#
#   preview-site.sh publish <n> <dir>   replaces pr-<n>/ with the preview in <dir>
#   preview-site.sh remove <n>          removes pr-<n>/
#
# Settings: PREVIEW_REPOSITORY and PREVIEW_URL from .github/forhandsversioner.env of this checkout (the default
# branch's; PREVIEW_CONFIG names another file), unless the environment sets them; the rest from the workflow:
#   PREVIEW_REMOTE     git address of the previews repository (default git@github.com:$PREVIEW_REPOSITORY.git)
#   DEPLOY_KEY         the SSH deploy key that may write there and nowhere else (pushes go to github.com only)
#   PREVIEW_BRANCH     the previews repository's Pages branch (default gh-pages)
#   PREVIEW_URL        the previews site's address, e.g. https://remissarkivet.github.io/forhandsversioner/
#   PRODUCTION_URL     the production site's address: the two must differ in scheme, host or port (origin)
#   PRODUCTION_REMOTE  the production repository's git address: PREVIEW_REMOTE must be another repository
#
# Runs in a checkout of the default branch, never in one of a pull request's code: it only copies files.
set -euo pipefail

fail() { echo "preview-site.sh: $*" >&2; exit 1; }

action=${1:-}
number=${2:-}
branch=${PREVIEW_BRANCH:-gh-pages}

# Checked before anything is touched: the number becomes part of a path.
case "$number" in ''|*[!0-9]*) fail "Inte ett pull request-nummer: '$number'" ;; esac
case "$action" in publish|remove) ;; *) fail "Okänd åtgärd: '$action' (publish eller remove)" ;; esac

config=${PREVIEW_CONFIG:-$(dirname "$0")/../forhandsversioner.env}
if [ -f "$config" ]; then
  while IFS='=' read -r key value; do
    case "$key" in
      PREVIEW_REPOSITORY|PREVIEW_URL) [ -n "${!key:-}" ] || export "$key=$value" ;;
    esac
  done < <(grep -E '^[A-Z_]+=' "$config")
fi
PREVIEW_REMOTE=${PREVIEW_REMOTE:-${PREVIEW_REPOSITORY:+git@github.com:$PREVIEW_REPOSITORY.git}}

origin_of() {  # scheme://host[:port] of an address, lower case, default ports dropped; empty if none
  printf '%s' "$1" | tr 'A-Z' 'a-z' | sed -E 's#^(https?://)[^/?#]*@#\1#' | sed -nE 's#^(https?://[^/?#]+).*#\1#p' \
    | sed -E 's#^(https://[^:]+):443$#\1#; s#^(http://[^:]+):80$#\1#'
}
repo_of() {  # a git address without scheme, credentials, ".git" or a trailing slash, lower case
  printf '%s' "$1" | tr 'A-Z' 'a-z' \
    | sed -E 's#^[a-z+]+://([^@/]*@)?#//#; s#^[^@/]*@([^:/]+):#//\1/#; s#/+$##; s#\.git$##'
}

[ -n "${PREVIEW_REMOTE:-}" ] || fail "PREVIEW_REMOTE saknas: ange förhandsversionernas eget förråd"
preview_origin=$(origin_of "${PREVIEW_URL:-}")
production_origin=$(origin_of "${PRODUCTION_URL:-}")
[ -n "$preview_origin" ] || fail "PREVIEW_URL saknas eller är ingen webbadress: '${PREVIEW_URL:-}'"
[ -n "$production_origin" ] || fail "PRODUCTION_URL saknas eller är ingen webbadress: '${PRODUCTION_URL:-}'"
if [ "$preview_origin" = "$production_origin" ]; then
  fail "förhandsversionerna ($preview_origin) skulle ligga på samma ursprung som den publicerade webbplatsen:" \
       "en pull requests sidor får aldrig köras på arkivets egen adress – ge produktionen en egen domän"
fi
if [ -n "${PRODUCTION_REMOTE:-}" ] && [ "$(repo_of "$PREVIEW_REMOTE")" = "$(repo_of "$PRODUCTION_REMOTE")" ]; then
  fail "PREVIEW_REMOTE är produktionens eget förråd: förhandsversioner publiceras bara i ett eget förråd"
fi

source_dir=${3:-}
if [ "$action" = publish ]; then
  [ -f "$source_dir/index.html" ] || fail "ingen webbplats i '$source_dir'"
  # Only a reviewers' preview is published here (make preview: noindex and the banner on every page).
  grep -q '<meta name="robots" content="noindex' "$source_dir/index.html" \
    || fail "'$source_dir' är ingen förhandsversion (make preview): sidorna saknar noindex"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "${DEPLOY_KEY:-}" ]; then
  printf '%s\n' "$DEPLOY_KEY" > "$work/key" && chmod 600 "$work/key"
  # GitHub's published SSH host key: the push goes to github.com and nowhere else.
  echo "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl" > "$work/known_hosts"
  export GIT_SSH_COMMAND="ssh -i $work/key -o IdentitiesOnly=yes -o UserKnownHostsFile=$work/known_hosts -o StrictHostKeyChecking=yes"
fi

fetch_branch() {
  rm -rf "$work/site"
  if git ls-remote --exit-code --heads "$PREVIEW_REMOTE" "$branch" >/dev/null 2>&1; then
    git clone --quiet --depth 1 --single-branch --branch "$branch" "$PREVIEW_REMOTE" "$work/site"
  else
    git init --quiet -b "$branch" "$work/site"
  fi
  # GitHub Pages serves the files as they are (no Jekyll); no preview is ever indexed.
  touch "$work/site/.nojekyll"
  printf 'User-agent: *\nDisallow: /\n' > "$work/site/robots.txt"
}

apply() {
  local target="$work/site/pr-$number"
  rm -rf "$target"
  if [ "$action" = publish ]; then
    mkdir -p "$target" && cp -R "$source_dir/." "$target/"
  fi
}

for attempt in 1 2 3 4 5; do
  fetch_branch
  apply
  git -C "$work/site" add --all
  if git -C "$work/site" rev-parse --verify --quiet HEAD >/dev/null && git -C "$work/site" diff --cached --quiet; then
    echo "Förhandsversionerna är redan aktuella."; exit 0
  fi
  git -C "$work/site" -c user.name="github-actions[bot]" \
    -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
    commit --quiet -m "Förhandsversion: $action pr-$number"
  # Another run may have pushed meanwhile: fetch again and redo the change on top of it.
  if git -C "$work/site" push --quiet "$PREVIEW_REMOTE" "HEAD:refs/heads/$branch"; then
    echo "Förhandsversionerna uppdaterade ($action pr-$number)."; exit 0
  fi
  sleep $((attempt * 3))
done
fail "kunde inte uppdatera förhandsversionerna efter fem försök"
