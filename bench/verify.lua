-- wrk script for bench_server.sh: every request is POST /credentials/verify
-- with the same VC API body, {"verifiableCredential": <credential>}, read
-- once from the file named by $MC_VERIFY_BODY.
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
