# Shared helpers for the scripts in this folder. Source it; do not run it.
# Selects the project's Java baseline (25) by itself, whatever the machine's default JDK is.

ENGRAM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ENGRAM_ROOT

select_java() {
  local home
  home=$("$(dirname "${BASH_SOURCE[0]}")/java-home") || return 1
  export JAVA_HOME="$home"; export PATH="$JAVA_HOME/bin:$PATH"
}

log() { printf '[engram] %s\n' "$*" >&2; }

# Outside the 'local' profile a service refuses to start without ENGRAM_IDENTITY_SECRET and ENGRAM_DB_PASSWORD
# (docs/security.md). The scripts that start services run on a developer machine against the local database,
# so they start them in it; a profile list given in SPRING_PROFILES_ACTIVE wins (then pass the secrets).
local_profile() { export SPRING_PROFILES_ACTIVE="${SPRING_PROFILES_ACTIVE:-local}"; }
