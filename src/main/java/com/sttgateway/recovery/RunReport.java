package com.sttgateway.recovery;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/** What one recovery run did, as {@code GET /ops/recovery} shows it; logged when it did anything. */
final class RunReport {

  private static final Logger LOG = Logger.getLogger(RecoveryRunner.class.getName());

  private RunReport() {}

  static JsonObject of(String trigger, Instant started, int registered, int lost, int held,
      Map<Resubmitter.Outcome, AtomicInteger> outcomes) {
    JsonObject counts = new JsonObject();
    outcomes.forEach((o, n) -> counts.put(o.name().toLowerCase(), n.get()));
    JsonObject report = new JsonObject().put("trigger", trigger).put("started", started.toString())
        .put("finished", Instant.now().toString()).put("callbacksRegistered", registered).put("lostFound", lost)
        .put("heldForCallback", held)
        .put("resubmissions", counts);
    if (registered > 0 || lost > 0 || held > 0 || !outcomes.isEmpty()) {
      LOG.info("recovery run (" + trigger + "): " + report.encode());
    }
    return report;
  }
}
