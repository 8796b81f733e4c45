-- wrk script for bench/run: sends the requests listed in the file named by $BENCH_REQUESTS in turn (each
-- wrk thread from its own starting point). With $BENCH_METHOD=GET the list holds paths, relative to the
-- URL's path, to GET; otherwise it holds files whose contents are POSTed as JSON. At the end it prints one
-- line, RESULT {...}, with the counts and the latency percentiles in microseconds.
-- With $BENCH_TIMING set, each request carries its own X-Request-Id (the service returns it), so that each
-- answer is matched with the time its request was sent; from the answer's Server-Timing header ("fhir": the
-- service's reads from the FHIR server, all queries in parallel) it adds the percentiles of those reads and of
-- what the service added to them (the call's latency, measured here, less its reads).
local method = os.getenv("BENCH_METHOD") or "POST"
local timing = os.getenv("BENCH_TIMING") ~= nil
local items = {}
local counter = 0
local threads = {}
-- Globals, so that done() can collect them from each thread's own Lua state.
fhir_us = {}
added_us = {}

local now, sent, sequence
if timing then
  local ffi = require("ffi")
  ffi.cdef[[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *time);
  ]]
  local clock = ffi.new("bench_timespec")
  now = function() -- microseconds on the monotonic clock
    ffi.C.clock_gettime(1, clock)
    return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
  end
  sent = {}
  sequence = 0
end

function setup(thread)
  threads[#threads + 1] = thread
end

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
  local headers = {["Content-Type"] = "application/json"}
  if timing then
    sequence = sequence + 1
    headers["X-Request-Id"] = "bench-" .. sequence
    sent[headers["X-Request-Id"]] = now()
  end
  return wrk.format("POST", nil, headers, items[counter])
end

-- Defined only when asked for: wrk reads every answer more slowly once a script has a response function.
if timing then
  function response(status, headers, body)
    local id, value
    for name, v in pairs(headers) do
      local lower = name:lower()
      if lower == "server-timing" then value = v elseif lower == "x-request-id" then id = v end
    end
    local began = id and sent[id]
    if id then sent[id] = nil end
    if status ~= 200 or value == nil or began == nil then return end
    local fhir = tonumber(value:match("fhir;dur=([%d.]+)"))
    if fhir then
      fhir_us[#fhir_us + 1] = fhir * 1000
      added_us[#added_us + 1] = now() - began - fhir * 1000
    end
  end
end

local function percentile(sorted, p)
  if #sorted == 0 then return 0 end
  return sorted[math.max(1, math.ceil(#sorted * p / 100))]
end

local function collect(name)
  local all = {}
  for _, thread in ipairs(threads) do
    for _, v in ipairs(thread:get(name) or {}) do all[#all + 1] = v end
  end
  table.sort(all)
  return all
end

function done(summary, latency, requests)
  local e = summary.errors
  local timed = ""
  if timing then
    local fhir, added = collect("fhir_us"), collect("added_us")
    timed = string.format(',"timed":%d,"fhirP50":%d,"fhirP99":%d,"addedP50":%d,"addedP99":%d',
      #fhir, percentile(fhir, 50), percentile(fhir, 99), percentile(added, 50), percentile(added, 99))
  end
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.3f,"non2xx":%d,"socketErrors":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d%s}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, timed))
end
