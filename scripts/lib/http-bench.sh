# Shared helpers of the HTTP benchmarks (bench-gateway, bench-gateway-ab). Source it after common.sh.

# wrk, and nginx (the reference proxy / fixed upstream), from Debian's packages when missing.
# Returns 1 when nginx cannot be had; wrk is required.
http_bench_tools() {
  export DEBIAN_FRONTEND=noninteractive
  if ! command -v wrk >/dev/null; then
    log "installing wrk (Debian package)"
    apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  fi
  if ! command -v nginx >/dev/null && [ -x /usr/sbin/nginx ]; then PATH="$PATH:/usr/sbin"; fi
  if ! command -v nginx >/dev/null; then
    log "installing nginx (Debian package, reference only)"
    apt-get install -y -qq nginx-light >/dev/null 2>&1 || apt-get install -y -qq nginx >/dev/null 2>&1 || true
    PATH="$PATH:/usr/sbin"
  fi
  command -v nginx >/dev/null
}

# wrk's latency ("812.00us", "3.21ms", "1.02s") in milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 }
    else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } }'
}
