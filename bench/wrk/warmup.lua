-- Warm-up load for wrk: alternates GET /plaintext and GET /json on every connection, so that one run brings
-- both code paths of a server to steady state (JIT). The URL's path is ignored; its host and port are used.
--
--   wrk -s bench/wrk/warmup.lua http://127.0.0.1:8080/
local plaintext, json
local counter = 0

init = function(args)
  plaintext = wrk.format("GET", "/plaintext")
  json = wrk.format("GET", "/json")
end

request = function()
  counter = counter + 1
  if counter % 2 == 0 then
    return json
  end
  return plaintext
end
