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

# wrk's delay() (Lua) that paces CONNECTIONS connections to RATE requests per second in all
wrk_pace_lua() { # connections rate
  awk -v c="$1" -v r="$2" 'BEGIN { printf "function delay() return %.3f end\n", c * 1000 / r }'
}

# CPU time (utime + stime, clock ticks) of processes and all their threads, from /proc
cpu_ticks() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat") )); done; echo "$t"; }

# Creates, through the gateway's admin API, a tenant whose rate limit a benchmark cannot reach, and
# prints a read+write key of it.
bench_key() { # gateway-url admin-key tenant-id
  local call=(curl -fsS -X POST -H "Authorization: Bearer $2" -H 'Content-Type: application/json')
  "${call[@]}" "$1/admin/tenants" -d "{\"id\":\"$3\",\"rateLimit\":{\"requestsPerSecond\":10000000,\"burst\":10000000}}" >/dev/null
  "${call[@]}" "$1/admin/tenants/$3/keys" -d '{"name":"bench","scopes":["read","write"]}' \
    | sed -n 's/.*"key":"\(egk_[A-Za-z0-9_-]*\)".*/\1/p'
}
