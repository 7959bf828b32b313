-- POST /v1/auth/login as one of the generated users, each request from its own
-- address (X-Forwarded-For, believed from the trusted local proxy), as clients
-- behind a load balancer would arrive.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
math.randomseed(os.time())

request = function()
  local user = math.random(600, 50000)
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d",
    math.random(0, 255), math.random(0, 255), math.random(1, 254))
  wrk.body = string.format('{"email": "user%d@bench.gurumisha.co.ke", "password": "bench-password-1"}', user)
  return wrk.format()
end

done = function(summary, latency, requests)
  io.write(string.format(
    'JSON {"rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "requests": %d, "non2xx": %d}\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests,
    summary.errors.status))
end
