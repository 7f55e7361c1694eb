package com.sttgateway.callbacks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The relayed notifications of one job, journaled as {@code deliveries/{clientId}.json} (format version 1): each
 * event once, in arrival order, with its body as delivered (client id, re-serialized once) and its attempts.
 * Mutable: touched only on {@link DeliveryQueue}'s context.
 */
final class JobDeliveries {

  static final int VERSION = 1;
  static final String STARTED = "recognitions.started";
  private static final Set<String> FINAL = Set.of("recognitions.completed", "recognitions.completed_with_results",
      "recognitions.failed");

  enum State { PENDING, DELIVERED, EXHAUSTED }

  /** One notification to deliver to the client's URL. */
  static final class Delivery {
    final String event;
    final String body;
    final Instant received;
    State state = State.PENDING;
    int attempts;
    Instant nextAttempt;
    String lastResult = "";

    Delivery(String event, String body, Instant received) {
      this.event = event;
      this.body = body;
      this.received = received;
      this.nextAttempt = received;
    }
  }

  final String clientId;
  final String callbackUrl;
  final List<Delivery> events = new ArrayList<>();
  /** The last journal write of this object; the next one is chained after it, so writes never reorder. */
  Future<Void> saving = Future.succeededFuture();
  boolean attempting;
  long timer = -1;

  JobDeliveries(String clientId, String callbackUrl) {
    this.clientId = clientId;
    this.callbackUrl = callbackUrl;
  }

  /**
   * Why {@code event} is not delivered, or null when it is: each event once (a resubmitted job's second
   * {@code started} is a duplicate), never {@code started} after a final event, and a job finishes once.
   */
  String refusal(String event) {
    boolean finished = events.stream().anyMatch(d -> FINAL.contains(d.event));
    if (events.stream().anyMatch(d -> d.event.equals(event))) {
      return "already relayed";
    }
    if (finished) {
      return STARTED.equals(event) ? "the job already finished" : "the job already finished with another event";
    }
    return null;
  }

  /** The first undelivered event: later ones wait behind it, so order per job is kept. Null when none. */
  Delivery next() {
    return events.stream().filter(d -> d.state == State.PENDING).findFirst().orElse(null);
  }

  JsonObject toJson() {
    JsonArray list = new JsonArray();
    events.forEach(d -> list.add(new JsonObject().put("event", d.event).put("state", d.state.name().toLowerCase())
        .put("attempts", d.attempts).put("received", d.received.toString())
        .put("nextAttempt", d.nextAttempt.toString()).put("lastResult", d.lastResult).put("body", d.body)));
    return new JsonObject().put("version", VERSION).put("clientId", clientId).put("callbackUrl", callbackUrl)
        .put("events", list);
  }

  static JobDeliveries fromJson(JsonObject json) {
    if (json.getInteger("version", 0) != VERSION) {
      throw new IllegalArgumentException("deliveries version " + json.getValue("version") + " (expected " + VERSION + ")");
    }
    JobDeliveries d = new JobDeliveries(json.getString("clientId"), json.getString("callbackUrl"));
    json.getJsonArray("events").forEach(o -> {
      JsonObject e = (JsonObject) o;
      Delivery delivery = new Delivery(e.getString("event"), e.getString("body"), Instant.parse(e.getString("received")));
      delivery.state = State.valueOf(e.getString("state").toUpperCase());
      delivery.attempts = e.getInteger("attempts");
      delivery.nextAttempt = Instant.parse(e.getString("nextAttempt"));
      delivery.lastResult = e.getString("lastResult", "");
      d.events.add(delivery);
    });
    return d;
  }
}
