# Shared by scripts/eval-memory, bench-memory, calibrate-merge and memory-replay: runs a command of eval/memory on
# the memory-service jar (both built when their sources, or the modules they use, are newer) against the configured
# database. Source it after lib/common.sh; do not run it.
source "$(dirname "${BASH_SOURCE[0]}")/eval-jar.sh"

run_memory_main() {
  local main="$1"; shift
  local harness jar
  harness="$(eval_jar memory memory-service)"
  jar="$(service_jar memory-service)"
  exec java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx2g -Dloader.main="$main" -Dloader.path="$harness" \
    -cp "$jar" org.springframework.boot.loader.launch.PropertiesLauncher "$@"
}
