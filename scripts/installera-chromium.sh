#!/usr/bin/env bash
# Installerar Debians Chromium för webbläsartesterna (tests/test_browser.py, tests/test_lab_browser.py).
# Playwright från PyPI styr den via executable_path; ingen webbläsare laddas ner av Playwright.
# Utan Chromium hoppas webbläsartesterna över med en förklaring; CI kör det här skriptet först.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "Chromium finns redan: $(command -v chromium)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get saknas: installera Chromium på annat sätt, eller kör testerna utan webbläsartester." >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Chromium saknas och installation kräver root (sudo apt-get install chromium)." >&2
    exit 0
  fi
fi
echo "Installerar Chromium från Debian (apt-get) ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "Chromium installerad: $(command -v chromium)"
