-- wrk script: POST the JSON file named by $BODY to the URL given on the command line.
--   BODY=examples/modify-one-fall-impaired-tug.json wrk -s bench/post.lua -c16 -d20s --latency http://127.0.0.1:8080/cds-services/backward-walking-patient-view
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = assert(io.open(os.getenv("BODY"), "r"))
wrk.body = file:read("*a")
file:close()
