-- wrk script for `make bench` (tests/bench/load.py): counts the answers by status and, at
-- the end, prints one line of JSON with throughput and latency percentiles.
--
--   wrk ... -s wrk.lua URL [-- REQUESTS_FILE]
--
-- With a requests file (one request per line: METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY), each
-- request is the next line, round the file; otherwise every request is a GET of URL.
local threads = {}
requests, index, statuses = nil, 0, {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  if args[1] then
    requests = {}
    for line in io.lines(args[1]) do
      local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {["Cookie"] = cookie, ["Content-Type"] = "application/x-www-form-urlencoded"}
      requests[#requests + 1] = wrk.format(method, path, headers, body)
    end
  end
end

function request()
  if not requests then
    return wrk.request()
  end
  index = index + 1
  return requests[((index - 1) % #requests) + 1]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests_made)
  local totals, parts = {}, {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do
    parts[#parts + 1] = string.format('"%d": %d', status, count)
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %.1f, "socket_errors": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean,
    errors.connect + errors.read + errors.write + errors.timeout, table.concat(parts, ", ")))
end
