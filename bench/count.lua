-- wrk helpers for bench_server.sh, loaded by its scripts (get.lua,
-- paths.lua, verify.lua): count 2xx answers apart from every other
-- status, and print one line that the shell reads instead of wrk's
-- Requests/sec, which counts any answer as served:
--   mc-count: 2xx N other N socket-errors N seconds S
-- A script calls count_thread(thread) from its setup().
local threads = {}

function count_thread(thread)
	threads[#threads + 1] = thread
end

ok, other = 0, 0

function response(status, headers, body)
	if status >= 200 and status < 300 then
		ok = ok + 1
	else
		other = other + 1
	end
end

function done(summary, latency, requests)
	local n2xx, nother = 0, 0
	local e = summary.errors
	for _, t in ipairs(threads) do
		n2xx = n2xx + t:get("ok")
		nother = nother + t:get("other")
	end
	io.write(string.format(
		"mc-count: 2xx %d other %d socket-errors %d seconds %.3f\n",
		n2xx, nother, e.connect + e.read + e.write + e.timeout,
		summary.duration / 1e6))
end
