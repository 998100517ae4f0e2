-- Pipelined requests for wrk: each connection sends DEPTH copies of the request in one write, then reads
-- the DEPTH responses (wrk counts each response as one request). Like TechEmpower's toolset/wrk/pipeline.lua.
--
--   wrk -s bench/wrk/pipeline.lua http://127.0.0.1:8080/plaintext -- 16
--
-- DEPTH is the first script argument (after "--"); 16 when absent.
local batch

init = function(args)
  local depth = tonumber(args[1]) or 16
  local requests = {}
  for i = 1, depth do
    requests[i] = wrk.format()
  end
  batch = table.concat(requests)
end

request = function()
  return batch
end
