#!/usr/bin/env bash
# Updates the Pages branch (gh-pages): the production site at its root, one preview folder per pull request
# under pr-preview/. Each workflow that changes the branch runs this, then pages-deploy.yml publishes the
# branch as it then is, so whichever deployment runs last publishes every change made before it.
#
#   pages-branch.sh site <dir>            the production site: replaces the root, keeps pr-preview/
#   pages-branch.sh preview <n> <dir>     the preview of pull request <n>: replaces pr-preview/pr-<n>/
#   pages-branch.sh remove <n>            removes pr-preview/pr-<n>/
#
# Runs in a checkout of the repository (for the push credentials), never in one of a pull request's code.
set -euo pipefail

branch=gh-pages
action=$1
work=$(mktemp -d)

# Checked before anything is touched: the number becomes part of a path.
if [ "$action" = preview ] || [ "$action" = remove ]; then
  case "${2:-}" in ''|*[!0-9]*) echo "Inte ett pull request-nummer: '${2:-}'" >&2; exit 1 ;; esac
fi

fetch_branch() {
  rm -rf "$work" && mkdir -p "$work"
  if git fetch --quiet --depth 1 origin "$branch"; then
    git worktree add --force --detach "$work" FETCH_HEAD >/dev/null
  else
    git worktree add --force --detach "$work" >/dev/null
    git -C "$work" checkout --quiet --orphan "$branch"
    git -C "$work" rm -rq --cached . >/dev/null 2>&1 || true
    find "$work" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
  fi
  touch "$work/.nojekyll"   # GitHub Pages must serve the files as they are (Jekyll skips _-folders)
}

apply() {
  case "$action" in
    site)
      find "$work" -mindepth 1 -maxdepth 1 ! -name .git ! -name pr-preview ! -name .nojekyll -exec rm -rf {} +
      cp -R "$1/." "$work/" ;;
    preview)
      local target="$work/pr-preview/pr-$1"
      rm -rf "$target" && mkdir -p "$target" && cp -R "$2/." "$target/" ;;
    remove)
      rm -rf "$work/pr-preview/pr-$1" ;;
    *)
      echo "Okänd åtgärd: $action" >&2; exit 1 ;;
  esac
}

shift
for attempt in 1 2 3 4 5; do
  fetch_branch
  apply "$@"
  git -C "$work" add --all
  if git -C "$work" diff --cached --quiet; then
    echo "Pages-grenen är redan aktuell."; exit 0
  fi
  git -C "$work" -c user.name="github-actions[bot]" \
    -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
    commit --quiet -m "Pages: $action $*"
  # Another workflow may have pushed meanwhile: fetch again and redo the change on top of it.
  if git -C "$work" push --quiet origin "HEAD:refs/heads/$branch"; then
    echo "Pages-grenen uppdaterad ($action $*)."; exit 0
  fi
  git worktree remove --force "$work"
  sleep $((attempt * 3))
done
echo "Kunde inte uppdatera Pages-grenen efter fem försök." >&2
exit 1
