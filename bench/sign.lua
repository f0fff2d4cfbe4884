-- wrk script: POSTs the signing form as a browser without JavaScript does, each request with a
-- new email address. Arguments: <form token> <spread|hot> <run id>.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  mode = args[2]
  run = args[3]
  counter = 0
end

function request()
  counter = counter + 1
  local campaign = 1
  if mode == "spread" then
    campaign = (counter * 7 + id) % 100 + 1
  end
  local email = string.format("bench-%s-%s-%d-%d@example.org", run, mode, id, counter)
  local body = "slug=bench-" .. campaign .. "&locale=en&form_token=" .. token ..
    "&name=Bench+Signer&email=" .. email .. "&country=DE&display=hidden"
  return wrk.format("POST", "/api/petitions/sign", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "text/html",
  }, body)
end
