#!/bin/sh
# A scripted exec credential plugin for tests.
# Usage: plugin.sh MODE [ARG]; records each run in $PLUGIN_DIR (run count, argv, env, stdin).
set -u
dir="${PLUGIN_DIR:?PLUGIN_DIR must be set}"
n=$(( $(cat "$dir/runs" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$dir/runs"
printf '%s' "${KUBERNETES_EXEC_INFO-}" > "$dir/exec_info.$n"
printf '%s\n' "$@" > "$dir/argv.$n"
printf '%s' "${CUSTOM_VAR-}" > "$dir/custom_var.$n"
if [ -t 0 ]; then echo tty > "$dir/stdin.$n"
elif [ -n "${PLUGIN_READ_STDIN-}" ]; then cat > "$dir/stdin.$n"
else echo notty > "$dir/stdin.$n"; fi
api="${PLUGIN_API:-client.authentication.k8s.io/v1}"
mode="$1"
arg="${2:-}"
case "$mode" in
  token)
    echo "plugin: issuing token" >&2
    if [ -n "${PLUGIN_EXPIRY-}" ]; then
      printf '{"kind":"ExecCredential","apiVersion":"%s","status":{"token":"%s","expirationTimestamp":"%s"}}\n' "$api" "$arg" "$PLUGIN_EXPIRY"
    else
      printf '{"kind":"ExecCredential","apiVersion":"%s","status":{"token":"%s"}}\n' "$api" "$arg"
    fi ;;
  seqexp)
    echo "plugin: issuing token $n" >&2
    printf '{"kind":"ExecCredential","apiVersion":"%s","status":{"token":"%s-%s","expirationTimestamp":"%s"}}\n' "$api" "$arg" "$n" "${PLUGIN_EXPIRY:?PLUGIN_EXPIRY must be set}" ;;
  seq)
    printf '{"apiVersion":"%s","status":{"token":"%s-%s"}}\n' "$api" "$arg" "$n" ;;
  fail)
    echo "plugin: something went wrong" >&2
    exit 3 ;;
  malformed)
    echo "this is not json {" ;;
  wrongapi)
    printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"t"}}\n' ;;
  nostatus)
    printf '{"apiVersion":"%s"}\n' "$api" ;;
  empty) ;;
  trailing)
    printf '{"apiVersion":"%s","status":{"token":"t"}}garbage\n' "$api" ;;
  badexp)
    printf '{"apiVersion":"%s","status":{"token":"t","expirationTimestamp":"2026-13-45"}}\n' "$api" ;;
  hang)
    exec sleep 300 ;;
  background)
    # Leaves a child behind that writes the credential after this shell has exited (or, with the
    # argument "hold", only once $dir/release exists), then lingers a second so that the reader is
    # waiting on the pipe before it exits (the JDK drains a pipe whose process exited while no one
    # was reading it). The child gives up when the test's directory is gone.
    parent=$$
    ( while kill -0 "$parent" 2>/dev/null; do sleep 0.05; done
      if [ "$arg" = hold ]; then
        while [ ! -e "$dir/release" ]; do [ -d "$dir" ] || exit 0; sleep 0.05; done
      fi
      printf '{"apiVersion":"%s","status":{"token":"%s"}}\n' "$api" "$arg" ) 2>/dev/null &
    sleep 1
    exit 0 ;;
  flood)
    exec yes '{"padding":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}' ;;
  *)
    echo "unknown mode $mode" >&2
    exit 2 ;;
esac
