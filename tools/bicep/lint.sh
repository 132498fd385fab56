#!/usr/bin/env bash
# Usage: tools/bicep/lint.sh [entry.bicep]   (default infra/main.bicep)
# Compiles and lints infra/ with the real Bicep CLI (NuGet package Azure.Bicep.CommandLine.linux-x64, restored with dotnet); any warning fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

proj=tools/bicep/bicep.proj
package=azure.bicep.commandline.linux-x64
packages="$root/.tools/nuget"
version="$(sed -n 's/.*Include="Azure\.Bicep\.CommandLine\.linux-x64" Version="\[\([0-9.]*\)\]".*/\1/p' "$proj")"
if [[ -z "$version" ]]; then
  echo "lint:infra: cannot read the Bicep version from $proj" >&2
  exit 2
fi

# BICEP=/path/to/bicep overrides the pinned CLI (e.g. on a machine that is not linux-x64).
bicep="${BICEP:-$packages/$package/$version/tools/bicep}"
if [[ -z "${BICEP:-}" && ! -f "$bicep" ]]; then
  if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
    echo "lint:infra: the pinned Bicep CLI is linux-x64 only; set BICEP=/path/to/bicep on $(uname -s)-$(uname -m)" >&2
    exit 2
  fi
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "lint:infra: dotnet is needed to restore Bicep $version from NuGet ($proj)" >&2
    exit 2
  fi
  echo "lint:infra: restoring Bicep CLI $version into .tools/nuget"
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    dotnet restore "$proj" --packages "$packages" -p:MSBuildProjectExtensionsPath="$root/.tools/bicep-obj/" --verbosity quiet
fi
if [[ ! -f "$bicep" ]]; then
  echo "lint:infra: no Bicep CLI at $bicep" >&2
  exit 2
fi
[[ -x "$bicep" ]] || chmod +x "$bicep"
echo "lint:infra: $("$bicep" --version)"

status=0
# Runs one bicep command; fails on a non-zero exit or on any Warning/Error diagnostic in its output.
check() {
  local what="$1"; shift
  local out rc=0
  out="$("$bicep" "$@" 2>&1 >/dev/null)" || rc=$?
  if [[ $rc -ne 0 ]] || grep -Eq ' : (Warning|Error) ' <<<"$out"; then
    echo "lint:infra: $what failed (exit $rc):" >&2
    printf '%s\n' "$out" >&2
    status=1
  else
    echo "lint:infra: $what ok"
  fi
}

entry="${1:-infra/main.bicep}"
check "bicep build $entry" build "$entry" --stdout
# infra/bicepconfig.json raises every linter rule to error; bicep lint covers the modules the entry file uses.
check "bicep lint $entry" lint "$entry"
# Formatting is part of the check: `bicep format FILE` rewrites a file the way the CLI wants it.
for f in "$(dirname "$entry")"/*.bicep "$(dirname "$entry")"/app/*.bicep; do
  [[ -f "$f" ]] || continue
  if ! "$bicep" format "$f" --stdout | diff -q "$f" - >/dev/null; then
    echo "lint:infra: $f is not formatted; run: $bicep format $f" >&2
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "lint:infra: formatting ok"
exit $status
