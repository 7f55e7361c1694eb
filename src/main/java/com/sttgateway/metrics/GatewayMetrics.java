package com.sttgateway.metrics;

import com.sttgateway.logging.KnownNotice;
import com.sttgateway.journal.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The gateway's own Prometheus metrics, next to Vert.x's HTTP server and client metrics in the same registry:
 * counters bumped where things happen (one call each), and gauges of the journal read from a snapshot the
 * {@code /metrics} handler refreshes before each scrape. Any thread.
 */
public final class GatewayMetrics {

  private final PrometheusMeterRegistry registry;
  private final Map<JobState, AtomicLong> jobs = new EnumMap<>(JobState.class);
  private final AtomicLong oldestUnfinishedSeconds = new AtomicLong();
  private final Counter bytesJournaled;
  private final Counter submissions;
  private final Counter queued;
  private final Counter dead;
  private final Counter journalWriteFailures;

  public GatewayMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    for (JobState s : JobState.values()) {
      AtomicLong n = new AtomicLong();
      jobs.put(s, n);
      Gauge.builder("gateway.jobs", n, AtomicLong::get).tag("state", s.json())
          .description("Journaled jobs per state, as of the last scrape").register(registry);
    }
    Gauge.builder("gateway.oldest.unfinished.age.seconds", oldestUnfinishedSeconds, AtomicLong::get)
        .description("Age of the oldest unfinished job (0 when none)").register(registry);
    bytesJournaled = Counter.builder("gateway.journaled.bytes").description("Audio bytes journaled by submissions")
        .register(registry);
    submissions = Counter.builder("gateway.submissions").description("Async jobs journaled (accepted or queued)")
        .register(registry);
    queued = Counter.builder("gateway.queued").description("Submissions queued because the upstream was unavailable")
        .register(registry);
    dead = Counter.builder("gateway.dead").description("Jobs parked as dead (attempts exhausted, refused, or by an "
        + "operator)").register(registry);
    journalWriteFailures = Counter.builder("gateway.journal.write.failures")
        .description("Submissions whose audio or record could not be journaled (answered 503, or 201 fail-open)")
        .register(registry);
    // Zeros from the start, so dashboards and rate() see the series before the first event.
    for (String outcome : new String[] {"submitted", "retry", "dead"}) {
      registry.counter("gateway.resubmissions", "outcome", outcome);
    }
    for (String result : new String[] {"created", "existing", "refused", "failed"}) {
      registry.counter("gateway.callback.reregistrations", "result", result);
    }
  }

  /** A registry of the gateway's metrics only, for a Vertx made without metrics (tests, embedding). */
  public static GatewayMetrics standalone() {
    return new GatewayMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** A Vertx whose HTTP servers and clients report into {@code registry}. */
  public static Vertx vertxWithMetrics(PrometheusMeterRegistry registry) {
    // Vert.x's Micrometer metrics register their connection and request gauges again at every use by design
    // (vert-x3/vertx-micrometer-metrics#259), and Micrometer 1.13.9+ warns at the first re-registration
    // (micrometer-metrics/micrometer#6931); any other double registration still warns.
    KnownNotice.drop("io.micrometer.core.instrument.MeterRegistry",
        "This Gauge has been already registered (MeterId{name='vertx.");
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    // HTTP server and client only: the other domains (net, event bus, worker pools) cost the proxy's hot path
    // throughput and nobody asked for them.
    for (MetricsDomain domain : MetricsDomain.values()) {
      if (domain != MetricsDomain.HTTP_SERVER && domain != MetricsDomain.HTTP_CLIENT) {
        metrics.addDisabledMetricsCategory(domain);
      }
    }
    LabelBounds.apply(registry);
    return Vertx.builder().with(new VertxOptions().setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of everything registered. */
  public String scrape() {
    return registry.scrape();
  }

  /** A submission journaled with {@code bytes} of audio; {@code wasQueued} when the upstream did not take it. */
  public void submitted(long bytes, boolean wasQueued) {
    submissions.increment();
    bytesJournaled.increment(bytes);
    if (wasQueued) {
      queued.increment();
    }
  }

  /** One resubmission attempt's outcome (submitted, retry, dead, skipped). */
  public void resubmission(String outcome) {
    registry.counter("gateway.resubmissions", "outcome", outcome.toLowerCase(Locale.ROOT)).increment();
  }

  /** A submission could not be journaled (the client got 503, or 201 with journal.failOpen). */
  public void journalWriteFailed() {
    journalWriteFailures.increment();
  }

  public void parkedDead() {
    dead.increment();
  }

  /** One callback re-registration and its result (created, existing, refused, failed). */
  public void reregistration(String result) {
    registry.counter("gateway.callback.reregistrations", "result", result).increment();
  }

  /** One relayed notification's attempt or fate: delivered, retried, exhausted, or skipped (duplicate, order). */
  public void callbackDelivery(String outcome) {
    registry.counter("gateway.callback.deliveries", "outcome", outcome).increment();
  }

  /** 1 while the upstream is UP, 0 while DOWN. */
  public void upstreamUp(BooleanSupplier up) {
    // A strong reference: the supplier is a lambda nobody else holds, and a weak one would read NaN after a GC.
    Gauge.builder("gateway.upstream.up", up, u -> u.getAsBoolean() ? 1 : 0).strongReference(true)
        .description("1 while the upstream is UP, 0 while DOWN").register(registry);
  }

  /** Async jobs journaled since start (accepted or queued). */
  public double submissionsTotal() {
    return submissions.count();
  }

  /** Resubmissions that reached the upstream (outcome submitted) since start. */
  public double resubmittedTotal() {
    return registry.counter("gateway.resubmissions", "outcome", "submitted").count();
  }

  /** The journal snapshot the gauges show until the next refresh. */
  public void journal(Map<JobState, Long> counts, long oldestUnfinishedAgeSeconds) {
    counts.forEach((state, n) -> jobs.get(state).set(n));
    oldestUnfinishedSeconds.set(oldestUnfinishedAgeSeconds);
  }

  /** One custom model restore's outcome: restored, parked, interrupted (continues at the next run). */
  public void modelRestore(String outcome) {
    registry.counter("gateway.model.restores", "outcome", outcome).increment();
  }

  /** Vaulted custom models in {@code state}, read at each scrape. */
  public void models(String state, java.util.function.LongSupplier count) {
    Gauge.builder("gateway.models", count, c -> c.getAsLong()).tag("state", state).strongReference(true)
        .description("Vaulted custom models per state").register(registry);
  }
}
