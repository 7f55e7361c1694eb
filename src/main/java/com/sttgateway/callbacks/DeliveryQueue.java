package com.sttgateway.callbacks;

import com.sttgateway.GatewayException;
import com.sttgateway.callbacks.JobDeliveries.Delivery;
import com.sttgateway.callbacks.JobDeliveries.State;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobObjects;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.metrics.GatewayMetrics;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Relayed notifications on their way to clients: journaled before they are acknowledged, delivered one at a time
 * per job in arrival order, retried with exponential backoff and jitter until {@code callbacks.retryHorizonSeconds},
 * then marked exhausted; pending ones are reloaded at start. All state is touched only on the context that built
 * it (callers on other threads hop onto it).
 */
final class DeliveryQueue {

  static final String PREFIX = "deliveries/";
  private static final Logger LOG = Logger.getLogger(DeliveryQueue.class.getName());
  private static final long MAX_BACKOFF_MS = Duration.ofHours(1).toMillis();

  enum Outcome { ENQUEUED, SKIPPED }

  private final Vertx vertx;
  private final Context context;
  private final ObjectStore store;
  private final ClientNotifier notifier;
  private final Consumer<String> resultsDelivered;
  private final GatewayConfig.Callbacks settings;
  private final GatewayMetrics metrics;
  private final Map<String, Future<JobDeliveries>> jobs = new HashMap<>();
  private volatile boolean stopped;

  /** {@code resultsDelivered}: called with the client id once a client acknowledged completed_with_results. */
  DeliveryQueue(Vertx vertx, ObjectStore store, ClientNotifier notifier, Consumer<String> resultsDelivered,
      GatewayConfig.Callbacks settings, GatewayMetrics metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.store = store;
    this.notifier = notifier;
    this.resultsDelivered = resultsDelivered;
    this.settings = settings;
  }

  static String key(String clientId) {
    return JobObjects.deliveries(clientId);
  }

  /** Journals {@code event} for the job (unless it is a duplicate or out of order), then delivers it. */
  Future<Outcome> enqueue(String clientId, String callbackUrl, String event, String body) {
    return onContext(() -> load(clientId, callbackUrl).compose(job -> {
      String refusal = job.refusal(event);
      if (refusal != null) {
        LOG.info("job " + clientId + ": " + event + " not relayed (" + refusal + ")");
        metrics.callbackDelivery("skipped");
        return Future.succeededFuture(Outcome.SKIPPED);
      }
      job.events.add(new Delivery(event, body, Instant.now()));
      return persist(job).map(v -> {
        pump(job);
        return Outcome.ENQUEUED;
      });
    }));
  }

  /** Reloads every job with undelivered notifications and resumes their delivery; returns how many. */
  Future<Integer> start() {
    return onContext(() -> store.list(PREFIX).compose(keys -> {
      List<Future<JobDeliveries>> loads = keys.stream().map(k -> store.getJson(k).map(JobDeliveries::fromJson)).toList();
      return Future.join(loads).otherwiseEmpty().map(v -> {
        int pending = 0;
        for (Future<JobDeliveries> f : loads) {
          if (f.succeeded() && f.result().next() != null && !jobs.containsKey(f.result().clientId)) {
            jobs.put(f.result().clientId, Future.succeededFuture(f.result()));
            pump(f.result());
            pending++;
          }
        }
        return pending;
      });
    })).onSuccess(n -> LOG.info("relay: " + n + " job(s) with undelivered notifications resumed"));
  }

  void stop() {
    stopped = true;
    context.runOnContext(v -> jobs.values().forEach(f -> {
      if (f.succeeded() && f.result().timer >= 0) {
        vertx.cancelTimer(f.result().timer);
      }
    }));
  }

  private Future<JobDeliveries> load(String clientId, String callbackUrl) {
    return jobs.computeIfAbsent(clientId, id -> store.getJson(key(id))
        .map(json -> json == null ? new JobDeliveries(id, callbackUrl) : JobDeliveries.fromJson(json))
        .onFailure(err -> jobs.remove(id)));
  }

  /** Writes the job's current state after any write in flight; the returned future covers this change. */
  private Future<Void> persist(JobDeliveries job) {
    job.saving = job.saving.transform(v -> store.putJson(key(job.clientId), job.toJson()));
    return job.saving;
  }

  /** Starts the next attempt of the job's first undelivered event, now or when its backoff ends. */
  private void pump(JobDeliveries job) {
    Delivery next = job.next();
    if (stopped || job.attempting || job.timer >= 0) {
      return;
    }
    if (next == null) {
      job.saving.onComplete(v -> {
        if (job.next() == null && !job.attempting) {
          jobs.remove(job.clientId); // reloaded from the journal if another event comes
        }
      });
      return;
    }
    long wait = Duration.between(Instant.now(), next.nextAttempt).toMillis();
    if (wait > 0) {
      job.timer = vertx.setTimer(wait, t -> {
        job.timer = -1;
        pump(job);
      });
      return;
    }
    job.attempting = true;
    next.attempts++;
    notifier.send(job.callbackUrl, next.body)
        .onComplete(ar -> context.runOnContext(v -> settle(job, next, ar)));
  }

  private void settle(JobDeliveries job, Delivery delivery, AsyncResult<Integer> result) {
    Instant now = Instant.now();
    boolean ok = result.succeeded() && result.result() / 100 == 2;
    delivery.lastResult = result.succeeded() ? "HTTP " + result.result() : String.valueOf(result.cause().getMessage());
    Instant horizon = delivery.received.plusSeconds(settings.retryHorizonSeconds());
    boolean gone = result.failed() && result.cause() instanceof GatewayException g && g.status() == 410;
    if (ok) {
      delivery.state = State.DELIVERED;
    } else if (gone || !now.isBefore(horizon)) {
      delivery.state = State.EXHAUSTED;
      LOG.warning("job " + job.clientId + ": " + delivery.event + " exhausted after " + delivery.attempts
          + " attempt(s); last: " + delivery.lastResult);
    } else {
      Instant retry = now.plusMillis(backoffMillis(delivery.attempts));
      delivery.nextAttempt = retry.isAfter(horizon) ? horizon : retry;
    }
    metrics.callbackDelivery(ok ? "delivered" : delivery.state == State.EXHAUSTED ? "exhausted" : "retried");
    persist(job).onComplete(v -> {
      job.attempting = false;
      if (ok && "recognitions.completed_with_results".equals(delivery.event)) {
        resultsDelivered.accept(job.clientId);
      }
      pump(job);
    });
  }

  /** {@code callbacks.firstBackoffMillis}, doubled per attempt (at most an hour), half of it jitter. */
  private long backoffMillis(int attempts) {
    long base = Math.min(MAX_BACKOFF_MS, (long) settings.firstBackoffMillis() << Math.min(attempts - 1, 30));
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }
}
