-- wrk script: POSTs the letter form as a browser without JavaScript does (the writer's heaviest
-- step: the letter is checked, sealed, saved, and compared with the campaign's letters already
-- sent), each request with a new address and its own sentence. Arguments: <form token> <area id>
-- <run id>.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  area = args[2]
  run = args[3]
  counter = 0
end

function request()
  counter = counter + 1
  local email = string.format("letter-%s-%d-%d@example.org", run, id, counter)
  local text = "Dear+Adam+Afriyie%2C%0A%0APlease+support+protection+for+Russians+who+fled+because+" ..
    "they+opposed+the+war.+Many+of+them+face+prosecution+at+home+for+speaking+out%2C+and+" ..
    "some+live+in+your+constituency.+Letter+" .. id .. "-" .. counter ..
    "+from+a+constituent+who+cares.%0A%0AYours+sincerely%2C%0ABench+Writer"
  local body = "slug=bench-letters&locale=en&legislature=uk-commons&area=" .. area ..
    "&form_token=" .. token .. "&website=&subject=Protection+for+exiles&body=" .. text ..
    "&name=Bench+Writer&email=" .. email .. "&town=Windsor&address="
  return wrk.format("POST", "/api/letters/draft", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "text/html",
  }, body)
end
