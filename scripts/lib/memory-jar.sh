# Shared by scripts/eval-memory and scripts/memory-replay: builds the memory-service jar when its sources
# (or the modules it uses) are newer than it, then runs a main class from it against the configured database.
# Source it; do not run it.

memory_jar() {
  local jar
  jar="$(ls "$ENGRAM_ROOT"/memory-service/target/memory-service-*-exec.jar 2>/dev/null | head -n1 || true)"
  if [ -z "$jar" ] || [ -n "$(find "$ENGRAM_ROOT"/memory-service/src/main "$ENGRAM_ROOT"/text-analysis/src/main \
        "$ENGRAM_ROOT"/service-support/src/main "$ENGRAM_ROOT"/memory-service/pom.xml -newer "$jar" -type f 2>/dev/null | head -n1)" ]; then
    log "building memory-service"
    (cd "$ENGRAM_ROOT" && ./mvnw -B -q -ntp -pl memory-service -am package -DskipTests >&2)
    jar="$(ls "$ENGRAM_ROOT"/memory-service/target/memory-service-*-exec.jar | head -n1)"
  fi
  printf '%s' "$jar"
}

run_memory_main() {
  local main="$1"; shift
  local jar; jar="$(memory_jar)"
  exec java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx2g -Dloader.main="$main" -cp "$jar" \
    org.springframework.boot.loader.launch.PropertiesLauncher "$@"
}
