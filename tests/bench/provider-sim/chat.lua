-- wrk script: one small non-streaming chat completion per request.
wrk.method = "POST"
wrk.body = '{"model":"gpt-5.5","messages":[{"role":"user","content":"ping"}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-sim-bench"
