-- wrk script for bench_server.sh: wrk's own GET of the URL given, with
-- 2xx answers counted apart (count.lua).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "count.lua")

function setup(thread)
	count_thread(thread)
end
