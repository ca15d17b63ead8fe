-- wrk script for bench_server.sh: every request is POST /credentials/verify
-- with the same VC API body, {"verifiableCredential": <credential>}, read
-- once from the file named by $MC_VERIFY_BODY.  2xx answers (a verification
-- report, whatever its verdict) are counted apart (count.lua).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "count.lua")

function setup(thread)
	count_thread(thread)
end

local path = os.getenv("MC_VERIFY_BODY")
if not path then
	error("verify.lua: set MC_VERIFY_BODY to the request body file")
end
local f = assert(io.open(path, "rb"))
local body = f:read("*a")
f:close()

wrk.method = "POST"
wrk.path = "/credentials/verify"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"

-- A 2xx counts only when the report says the credential verified: a
-- server that answered "not verified" quickly must not look fast.
function response(status, headers, body)
	if status >= 200 and status < 300 and
	    body:find('"verified"%s*:%s*true') then
		ok = ok + 1
	else
		other = other + 1
	end
end
