-- POST /v1/auth/login as one of the generated customers, each request from its own
-- address (X-Forwarded-For, believed from the trusted local proxy), as clients behind
-- a load balancer arrive: the per-IP login limit (10/min) stays on and is not reached.
-- Counts answers by status; prints one JSON line.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, limited, other = 0, 0, 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

request = function()
  local user = math.random(502, 50000)
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d",
      math.random(0, 255), math.random(0, 255), math.random(1, 254)),
  }
  local body = string.format(
    '{"email": "user%d@bench.gurumisha.co.ke", "password": "bench-password-1"}', user)
  return wrk.format("POST", nil, headers, body)
end

response = function(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 429 then
    limited = limited + 1
  else
    other = other + 1
  end
end

done = function(summary, latency, requests)
  local total_ok, total_limited, total_other = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_limited = total_limited + thread:get("limited")
    total_other = total_other + thread:get("other")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'JSON {"rps": %.2f, "ok_per_s": %.2f, "ok": %d, "limited": %d, "other": %d, '
      .. '"p50": %.2f, "p95": %.2f, "p99": %.2f, "requests": %d, "errors": %d}\n',
    summary.requests / seconds, total_ok / seconds, total_ok, total_limited, total_other,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
