package com.sttgateway.upstream;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/** The outcome of one probe: when, whether it counts as reachable, and what happened. Immutable. */
record ProbeResult(Instant at, boolean ok, String result) {

  /** Any HTTP answer below 500 (401 included: the probe carries no credentials) means reachable. */
  static ProbeResult answered(Instant at, int status) {
    return new ProbeResult(at, status < 500, "HTTP " + status);
  }

  static ProbeResult failed(Instant at, Throwable error) {
    String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    return new ProbeResult(at, false, (error instanceof TimeoutException ? "timed out: " : "failed: ") + message);
  }

  JsonObject toJson() {
    return new JsonObject().put("at", at.toString()).put("result", result).put("ok", ok);
  }
}
