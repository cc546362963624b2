#!/usr/bin/env bash
# Coverage-guided fuzzing of the core: builds policyfuzz, copies it aside, instruments PolicyLang.Core.dll with
# SharpFuzz, then runs the in-process fuzzer. (Sprache is left uninstrumented: its combinators' edges would fill
# the 64 Ki map and hide the core's.)
#   tests/PolicyLang.Fuzz/run.sh [--minutes N | --seconds N | --execs N] [--seed N] [policyfuzz options...]
# Findings (crashes, broken invariants, hangs) go to tests/PolicyLang.Fuzz/findings/ (not committed): move a
# reproducer into tests/PolicyLang.Fuzz/crashes/ once it is fixed; the unit tests replay every file there.
# Exit 0: no finding; 1: findings; 2: usage or set-up error; 3: a hang.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) args+=(--seconds "$(( $2 * 60 ))"); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

cd "$repo"
dotnet tool restore >/dev/null
dotnet build tests/PolicyLang.Fuzz -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
mkdir -p "$repo/artifacts"
bin="$(mktemp -d "$repo/artifacts/policyfuzz-bin.XXXXXX")"
trap 'rm -rf "$bin"' EXIT
cp -r tests/PolicyLang.Fuzz/bin/Release/net10.0/. "$bin/"
for dll in PolicyLang.Core.dll; do
  dotnet sharpfuzz "$bin/$dll" >/dev/null
done

findings="$here/findings"
mkdir -p "$findings"
status=0
dotnet "$bin/policyfuzz.dll" --require-instrumentation --findings "$findings" "${args[@]}" || status=$?
# A crash that ends the process (a stack overflow) leaves the input it was running.
if [ -f "$findings/.current.netpolicy" ] && [ "$status" != 0 ] && [ "$status" != 1 ] && [ "$status" != 2 ] && [ "$status" != 3 ]; then
  name="fatal-$(sha1sum "$findings/.current.netpolicy" | cut -c1-16)"
  mv "$findings/.current.netpolicy" "$findings/$name.netpolicy"
  echo "run.sh: policyfuzz died with exit $status; its input is $findings/$name.netpolicy" >&2
  status=1
fi
rm -f "$findings/.current.netpolicy"
exit "$status"
