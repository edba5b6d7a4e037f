# Shared by the evaluation and benchmark scripts: their commands live in the eval module (eval/retrieval,
# eval/memory, eval/answers), out of the service jars. A command runs on its service's runnable jar through Spring
# Boot's PropertiesLauncher, with the harness jar on loader.path:
#   java -Dloader.main=<class> -Dloader.path=<harness jar> -cp <service -exec jar> \
#     org.springframework.boot.loader.launch.PropertiesLauncher ...
# so it sees exactly the service's classes, dependencies and configuration. Source it; do not run it.

# service_jar <module>: the runnable jar of a service (retrieval-service, llm-service, ...), if built.
service_jar() { ls "$ENGRAM_ROOT/$1/target/$1-"*-exec.jar 2>/dev/null | head -n1; }

# eval_jar <harness> <service module>...: the jar of eval/<harness>; builds it with the services named (their runnable
# jars) when it or one of them is missing, when ENGRAM_REBUILD is set, or when a source is newer than it.
eval_jar() {
  local harness="$1"; shift
  local jar m missing="" modules=":eval-$harness"
  local sources=("eval/$harness/src/main" "eval/$harness/pom.xml" text-analysis/src/main text-analysis/pom.xml
    service-support/src/main service-support/pom.xml pom.xml)
  for m in "$@"; do
    modules="$modules,$m"
    sources+=("$m/src/main" "$m/pom.xml")
    [ -n "$(service_jar "$m")" ] || missing=1
  done
  jar="$(ls "$ENGRAM_ROOT/eval/$harness/target/eval-$harness-"*.jar 2>/dev/null | head -n1 || true)"
  if [ -z "$jar" ] || [ -n "$missing" ] || [ -n "${ENGRAM_REBUILD:-}" ] \
      || [ -n "$(cd "$ENGRAM_ROOT" && find "${sources[@]}" -newer "$jar" -type f 2>/dev/null | head -n1)" ]; then
    log "building eval/$harness with $*"
    (cd "$ENGRAM_ROOT" && ./mvnw -B -q -ntp -pl "$modules" -am package -DskipTests >&2)
    jar="$(ls "$ENGRAM_ROOT/eval/$harness/target/eval-$harness-"*.jar | head -n1)"
  fi
  printf '%s' "$jar"
}
