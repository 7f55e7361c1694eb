package com.sttgateway.admin;

import com.sttgateway.proxy.Query;
import com.sttgateway.journal.JobRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.TreeMap;

/** The JSON an operator sees of a job record: a summary for lists, the whole record (never the sealed credential). */
final class JobViews {

  private JobViews() {}

  static JsonObject summary(JobRecord r) {
    JsonObject json = new JsonObject()
        .put("id", r.clientId())
        .put("upstreamId", r.upstreamId())
        .put("state", r.state().json())
        .put("tenant", r.tenant())
        .put("created", r.created().toString())
        .put("updated", r.updated().toString())
        .put("attempts", r.attempts())
        .put("callbackUrl", Query.firstOrNull(r.query(), "callback_url"))
        .put("userToken", Query.firstOrNull(r.query(), "user_token"))
        .put("audioBytes", r.audioBytes());
    if (!r.history().isEmpty()) {
      json.put("lastEvent", r.history().get(r.history().size() - 1).toJson());
    }
    return json;
  }

  static JsonObject detail(JobRecord r) {
    JsonArray history = new JsonArray();
    r.history().forEach(h -> history.add(h.toJson()));
    return summary(r)
        .put("query", r.query())
        .put("headers", new JsonObject(new TreeMap<>(r.headers())))
        .put("basePath", r.basePath())
        .put("audioKey", r.audioKey())
        .put("audioSha256", r.audioSha256())
        .put("lastStatus", r.lastStatus())
        .put("retainUntil", r.retainUntil() == null ? null : r.retainUntil().toString())
        .put("history", history);
  }
}
