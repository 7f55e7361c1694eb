package com.sttgateway.upstream;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** What the monitor knows at one moment; immutable, so any thread may read it. {@code lastProbe} may be null. */
record UpstreamStatus(UpstreamState state, Instant since, String reason, ProbeResult lastProbe,
    int consecutiveFailures, int consecutiveSuccesses, int recentServerErrors) {

  JsonObject toJson() {
    return new JsonObject()
        .put("state", state.name())
        .put("since", since.toString())
        .put("reason", reason)
        .put("lastProbe", lastProbe == null ? null : lastProbe.toJson())
        .put("consecutiveFailures", consecutiveFailures)
        .put("consecutiveSuccesses", consecutiveSuccesses)
        .put("recentServerErrors", recentServerErrors);
  }
}
