-- wrk script: presses the confirm button of emailed links, as a browser without JavaScript
-- does, each request with the next unused token. Arguments: <file with one token per line>.
-- When the tokens run out it starts over (a used link is answered the same way, more cheaply);
-- run.sh prints how many distinct tokens there were next to the number of requests.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  for line in io.lines(args[1]) do
    table.insert(tokens, line)
  end
  nthreads = 2
  counter = 0
end

function request()
  -- Thread i takes tokens i, i + 2, i + 4, ...: no two threads share one.
  local index = (counter * nthreads + id) % #tokens + 1
  counter = counter + 1
  local body = "slug=bench-1&locale=en&token=" .. tokens[index]
  return wrk.format("POST", "/api/petitions/confirm", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "text/html",
  }, body)
end
