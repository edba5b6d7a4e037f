# Shared helpers for the scripts in this folder. Source it; do not run it.
# Selects the project's Java baseline (25) by itself, whatever the machine's default JDK is.

ENGRAM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ENGRAM_ROOT

select_java() {
  local want=25 candidate
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q "version \"$want"; then
    export PATH="$JAVA_HOME/bin:$PATH"; return 0
  fi
  for candidate in /usr/lib/jvm/temurin-${want}-jdk* /usr/lib/jvm/java-${want}-* /usr/lib/jvm/jdk-${want}*; do
    if [ -x "$candidate/bin/java" ]; then
      export JAVA_HOME="$candidate"; export PATH="$JAVA_HOME/bin:$PATH"; return 0
    fi
  done
  echo "engram: no Java $want JDK found under /usr/lib/jvm; install Temurin $want or set JAVA_HOME" >&2
  return 1
}

log() { printf '[engram] %s\n' "$*" >&2; }
