#!/usr/bin/env bash
# CI for the VS Code extension: install exactly what package-lock.json names,
# compile, lint, run the unit and grammar tests, then build the .vsix.
# Works offline once the npm registry has served the packages.
set -euo pipefail
cd "$(dirname "$0")"

echo "== node $(node --version), npm $(npm --version)"
npm ci --no-audit --no-fund
npm test
npm run package
ls -l ./*.vsix
