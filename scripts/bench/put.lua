-- wrk: PUT one trigger again and again (its body from WRK_BODY, the token
-- from WRK_TOKEN), no If-Match: every request is a full validated write.
wrk.method = "PUT"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("WRK_TOKEN")
