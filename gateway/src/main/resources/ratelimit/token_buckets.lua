-- Takes up to N tokens from two token buckets (tenant, key) atomically: the same number from both.
-- KEYS[1] tenant bucket, KEYS[2] key bucket (same hash tag, so this works on a Redis cluster too)
-- ARGV: tenant rate/s, tenant burst, key rate/s, key burst, N (tokens wanted, >= 1; a replica's lease)
-- Returns {tokens granted 0..N, tenant tokens left, key tokens left} as strings (Lua numbers would be
-- truncated). Granted 0 means refused: a refused request costs nothing.
-- Redis's own clock is the time source, so replicas with skewed clocks share one view.
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000

local function refill(key, rate, burst)
  local state = redis.call('HMGET', key, 'tokens', 'ts')
  local tokens = tonumber(state[1])
  local ts = tonumber(state[2])
  if tokens == nil or ts == nil then
    return burst
  end
  return math.min(burst, tokens + math.max(0, now - ts) * rate)
end

local function store(key, tokens, rate, burst)
  redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(now))
  -- once full again the bucket carries no information: let it go
  redis.call('PEXPIRE', key, math.ceil(burst / rate * 1000) + 1000)
end

local tenantRate, tenantBurst = tonumber(ARGV[1]), tonumber(ARGV[2])
local keyRate, keyBurst = tonumber(ARGV[3]), tonumber(ARGV[4])
local wanted = math.max(1, math.floor(tonumber(ARGV[5] or '1')))
local tenantTokens = refill(KEYS[1], tenantRate, tenantBurst)
local keyTokens = refill(KEYS[2], keyRate, keyBurst)
local granted = math.max(0, math.min(wanted, math.floor(tenantTokens), math.floor(keyTokens)))
tenantTokens = tenantTokens - granted
keyTokens = keyTokens - granted
store(KEYS[1], tenantTokens, tenantRate, tenantBurst)
store(KEYS[2], keyTokens, keyRate, keyBurst)
return {tostring(granted), tostring(tenantTokens), tostring(keyTokens)}
