package com.sttgateway.admin;

import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.journal.JobSearch;
import com.sttgateway.journal.JobState;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.upstream.UpstreamHealth;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * {@code GET /ops/history[?since=ISO]}: the last hour of this member's view, sampled every
 * {@code admin.historySampleMillis} into a ring buffer (unfinished jobs per state, submissions and resubmissions
 * since start, the upstream's state), so a freshly opened dashboard draws the hour at once. Sampling stops when the
 * Hazelcast member stops (the gateway is closing). Event loop only; the journal count runs on a worker.
 */
final class OpsHistory {

  static final long WINDOW_MILLIS = 3_600_000;
  static final int MAX_SAMPLES = 1440;
  private static final JobState[] UNFINISHED = {JobState.RECEIVED, JobState.QUEUED, JobState.SUBMITTED,
      JobState.COMPLETED};

  private final Vertx vertx;
  private final JobSearch search;
  private final HazelcastInstance hazelcast;
  private final UpstreamHealth upstream;
  private final GatewayMetrics metrics;
  private final int sampleMillis;
  private final int capacity;
  private final Deque<JsonObject> samples = new ArrayDeque<>();
  private long timer = -1;

  OpsHistory(Vertx vertx, JobSearch search, HazelcastInstance hazelcast, UpstreamHealth upstream,
      GatewayMetrics metrics, int sampleMillis) {
    this.vertx = vertx;
    this.search = search;
    this.hazelcast = hazelcast;
    this.upstream = upstream;
    this.metrics = metrics;
    this.sampleMillis = sampleMillis;
    this.capacity = (int) Math.max(2, Math.min(MAX_SAMPLES, WINDOW_MILLIS / sampleMillis));
  }

  void mount(Router router) {
    router.get("/ops/history").handler(this::answer);
    sample();
    timer = vertx.setPeriodic(sampleMillis, t -> sample());
  }

  private void sample() {
    if (!hazelcast.getLifecycleService().isRunning()) {
      vertx.cancelTimer(timer);
      return;
    }
    String up = upstream.state() == UpstreamState.UP ? "UP" : "DOWN";
    search.countByState().onSuccess(counts -> add(counts, up));
  }

  private void add(Map<JobState, Long> counts, String up) {
    JsonObject jobs = new JsonObject();
    long unfinished = 0;
    for (JobState state : UNFINISHED) {
      long n = counts.getOrDefault(state, 0L);
      jobs.put(state.json(), n);
      unfinished += n;
    }
    samples.addLast(new JsonObject().put("at", Instant.now().toString()).put("upstream", up).put("jobs", jobs)
        .put("unfinished", unfinished).put("submissions", (long) metrics.submissionsTotal())
        .put("resubmitted", (long) metrics.resubmittedTotal()));
    while (samples.size() > capacity) {
      samples.removeFirst();
    }
  }

  private void answer(RoutingContext ctx) {
    String sinceParam = ctx.request().getParam("since");
    Instant since;
    try {
      since = sinceParam == null ? Instant.EPOCH : Instant.parse(sinceParam);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("since: '" + sinceParam + "' (expected: an ISO-8601 instant)");
    }
    JsonArray out = new JsonArray();
    samples.stream().filter(s -> Instant.parse(s.getString("at")).isAfter(since)).forEach(out::add);
    ctx.json(new JsonObject().put("sampleMillis", sampleMillis).put("windowSeconds", WINDOW_MILLIS / 1000)
        .put("samples", out));
  }
}
