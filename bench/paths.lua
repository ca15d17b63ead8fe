-- wrk script for bench_server.sh: GET requests cycling through the paths
-- listed one per line in the file named by $MC_PATHS (distinct searches or
-- MC URIs), so that no two consecutive requests of a connection ask for
-- the same thing.  Each wrk thread starts at a different place in the list.
-- 2xx answers are counted apart (count.lua).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "count.lua")

local file = os.getenv("MC_PATHS")
if not file then
	error("paths.lua: set MC_PATHS to a file of paths, one per line")
end
local paths = {}
for line in io.lines(file) do
	if #line > 0 then
		paths[#paths + 1] = line
	end
end
if #paths == 0 then
	error("paths.lua: no paths in " .. file)
end

local counter = 0
function setup(thread)
	count_thread(thread)
	thread:set("start", counter * 7919)
	counter = counter + 1
end

local i
function request()
	if not i then
		i = (start or 0) % #paths
	end
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
