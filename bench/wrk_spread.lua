-- Every request from its own client address: X-Forwarded-For, believed because the
-- API runs with TRUSTED_PROXIES=127.0.0.1 (as behind a load balancer). The per-IP
-- rate limit stays on at its default and no simulated client reaches it.
-- Prints the JSON line of wrk_report.lua (loaded from beside this script).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk_report.lua")
math.randomseed(os.time())

request = function()
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d",
    math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format()
end
