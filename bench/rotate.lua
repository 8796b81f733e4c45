-- wrk script for bench/run: sends the requests listed in the file named by $BENCH_REQUESTS in turn (each
-- wrk thread from its own starting point). With $BENCH_METHOD=GET the list holds paths, relative to the
-- URL's path, to GET; otherwise it holds files whose contents are POSTed as JSON. At the end it prints one
-- line, RESULT {...}, with the counts and the latency percentiles in microseconds.
local method = os.getenv("BENCH_METHOD") or "POST"
local items = {}
local counter = 0

function init(args)
  local list = assert(os.getenv("BENCH_REQUESTS"), "BENCH_REQUESTS names the list of requests")
  for line in io.lines(list) do
    if method == "GET" then
      items[#items + 1] = wrk.path .. line
    else
      local file = assert(io.open(line, "rb"))
      items[#items + 1] = file:read("*a")
      file:close()
    end
  end
  counter = math.random(#items)
end

function request()
  counter = counter % #items + 1
  if method == "GET" then
    return wrk.format("GET", items[counter], {["Accept"] = "application/fhir+json"})
  end
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, items[counter])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.3f,"non2xx":%d,"socketErrors":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
