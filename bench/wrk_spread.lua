-- Every request from its own client address: X-Forwarded-For, believed because the
-- API runs with TRUSTED_PROXIES=127.0.0.1 (as behind a load balancer). The per-IP
-- rate limit stays on at its default and no simulated client reaches it.
-- Prints one JSON line with throughput, latency percentiles (ms) and errors.
math.randomseed(os.time())

request = function()
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d",
    math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format()
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'JSON {"rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "requests": %d, "errors": %d}\n',
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests, errors))
end
