-- wrk script: Stripe delivering webhook events, each request a new event signed as Stripe signs
-- it (run.sh pre-signs them with fresh timestamps: the signature holds 300 s). Arguments: <file
-- with one event per line: signature header, a tab, the JSON body>. When the events run out it
-- starts over (a repeated event is answered 200 and stored once, more cheaply); run.sh prints
-- how many distinct events there were next to the number of requests.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  events = {}
  for line in io.lines(args[1]) do
    local tab = string.find(line, "\t", 1, true)
    table.insert(events, { string.sub(line, 1, tab - 1), string.sub(line, tab + 1) })
  end
  nthreads = 2
  counter = 0
end

function request()
  -- Thread i takes events i, i + 2, i + 4, ...: no two threads share one.
  local e = events[(counter * nthreads + id) % #events + 1]
  counter = counter + 1
  return wrk.format("POST", "/webhooks/stripe", {
    ["Content-Type"] = "application/json",
    ["Stripe-Signature"] = e[1],
  }, e[2])
end
