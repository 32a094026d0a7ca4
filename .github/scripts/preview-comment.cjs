// The preview comment on a pull request, written by preview-publish.yml through actions/github-script:
//
//   const comment = require("./.github/scripts/preview-comment.cjs");
//   await comment.upsert({ github, context, env: process.env });
//
// One comment per pull request, found by its marker and updated on every run. For a fork it also records the
// commit a maintainer approved, as the hidden line "<!-- remissarkiv-godkand: <sha> -->", which
// preview-which.sh reads back (from github-actions[bot]'s comment only): a build of that commit is published, a
// build of any other waits for a new approval. A run that gives no approval keeps the recorded one.
//
// env (preview-which.sh's outputs): NUMBER, STATE (published | waiting | approved-unbuilt), FORK, HEAD_SHA,
// APPROVED_SHA, NEW_APPROVAL; RUN_ID and RUNS_URL (…/actions/runs/) for the artefact's link; PREVIEW_CONFIG
// (default .github/forhandsversioner.env of the default branch's checkout) for the previews' address.
"use strict";

const fs = require("fs");

const MARKER = "<!-- remissarkiv-forhandsversion -->";
const BOT = "github-actions[bot]";
const SHA = /^[0-9a-f]{40}$/;
const RECORD = /^<!-- remissarkiv-godkand: ([0-9a-f]{40}) -->\r?$/m;
const LABEL = "publicera-forhandsversion";
const WORKFLOW = "Förhandsversion publiceras";
const AGAIN = `En ny push behöver ett nytt godkännande: sätt etiketten \`${LABEL}\` igen, eller kör arbetsflödet `
  + `”${WORKFLOW}” för den här pull requesten.`;

const short = (sha) => String(sha || "").slice(0, 7);

/** The commit recorded as approved in a comment's text, or "". */
function recordIn(text) {
  const found = RECORD.exec(text || "");
  return found ? found[1] : "";
}

/** The comment's text for what preview-which.sh decided. */
function body({ number, state, fork, headSha, approvedSha, record, runUrl, previewBase }) {
  const fromFork = fork === true || fork === "true";
  const built = `Byggd från ${short(headSha)}.`;
  const lines = [MARKER];
  if (SHA.test(record || "")) lines.push(`<!-- remissarkiv-godkand: ${record} -->`);
  if (state === "published") {
    const url = `${String(previewBase).replace(/\/?$/, "/")}pr-${number}/`;
    lines.push(
      "**Förhandsversion** av den här pull requesten (inte publicerad, på förhandsversionernas egen adress):",
      "",
      `- Webbplatsen: ${url}`,
      `- Ändringar i förhandsversionen: ${url}andringar/`,
      "",
    );
    if (fromFork) {
      lines.push(
        `${built} Pull requesten kommer från en fork: förhandsversionen publiceras för commit ${short(headSha)},`,
        "som en förvaltare har godkänt, och följer inte med senare pushar.",
        AGAIN,
        "Länken tas bort när pull requesten stängs.",
      );
    } else {
      lines.push(`${built} Länken uppdateras vid varje push och tas bort när pull requesten stängs.`);
    }
  } else if (state === "approved-unbuilt") {
    lines.push(
      `**Förhandsversionen är godkänd men inte byggd ännu**: en förvaltare har godkänt commit ${short(approvedSha)},`,
      "och förhandsversionen publiceras när bygget av just den commiten är klart.",
      AGAIN,
    );
  } else {
    lines.push(
      "**Förhandsversionen är byggd men inte publicerad**: pull requesten kommer från en fork, och dess sidor",
      "publiceras bara för en commit som en förvaltare har godkänt – med etiketten",
      `\`${LABEL}\` eller genom att köra arbetsflödet ”${WORKFLOW}” för den här pull requesten.`,
    );
    if (approvedSha && approvedSha !== headSha) {
      lines.push(`Godkännandet gällde commit ${short(approvedSha)}, inte ${short(headSha)}.`, AGAIN);
    }
    lines.push("", `Till dess kan den laddas ned som artefakten *forhandsversion*: ${runUrl}`, "", built);
  }
  return lines.join("\n");
}

/** The previews site's address from the default branch's settings file. */
function previewBaseFrom(path) {
  const found = fs.readFileSync(path, "utf8").match(/^PREVIEW_URL=(.*)$/m);
  if (!found) throw new Error(`${path}: PREVIEW_URL saknas`);
  return found[1].trim();
}

/** Writes the comment: updates the workflow's own one, or creates it. */
async function upsert({ github, context, env }) {
  const { owner, repo } = context.repo;
  const issue_number = Number(env.NUMBER);
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number });
  const mine = comments.find((c) => c.user && c.user.login === BOT && String(c.body).startsWith(MARKER));
  const record = SHA.test(env.NEW_APPROVAL || "") ? env.NEW_APPROVAL : recordIn(mine && mine.body);
  const state = env.STATE;
  const text = body({
    number: issue_number,
    state,
    fork: env.FORK,
    headSha: env.HEAD_SHA,
    approvedSha: env.APPROVED_SHA,
    record,
    runUrl: env.RUN_ID ? `${env.RUNS_URL}${env.RUN_ID}` : "",
    previewBase: state === "published" ? previewBaseFrom(env.PREVIEW_CONFIG || ".github/forhandsversioner.env") : "",
  });
  if (mine) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body: text });
  } else {
    await github.rest.issues.createComment({ owner, repo, issue_number, body: text });
  }
}

module.exports = { body, upsert, recordIn, MARKER };
