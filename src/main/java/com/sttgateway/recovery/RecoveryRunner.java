package com.sttgateway.recovery;

import com.sttgateway.GatewayException;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.proxy.UpstreamTarget;
import io.vertx.core.http.HttpClient;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.upstream.UpstreamHealth;
import com.sttgateway.upstream.UpstreamState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Runs recovery at start, on every DOWN to UP, and on a timer: re-register callbacks, reconcile the jobs the
 * upstream should know, resubmit the queued ones, with bounded concurrency, a rate limit and per-job backoff.
 * One run at a time. Event loop only.
 */
public final class RecoveryRunner {

  private static final Logger LOG = Logger.getLogger(RecoveryRunner.class.getName());

  private final Vertx vertx;
  private final JobJournal journal;
  private final CallbackReregistration callbacks;
  private final Reconciler reconciler;
  private final Resubmitter resubmitter;
  private final UpstreamHealth health;
  private final GatewayConfig.Recovery settings;
  private final Map<String, Long> notBefore = new ConcurrentHashMap<>();
  private final Set<String> replaying = ConcurrentHashMap.newKeySet();
  private final RecoveryProgress progress = new RecoveryProgress();
  private Future<JsonObject> running;
  private JsonObject lastRun = new JsonObject().put("state", "never run");
  private long timer = -1;

  /** {@code relayUrl}: in relay mode the gateway's relay URL (the only one registered upstream); null: direct. */
  public RecoveryRunner(Vertx vertx, HttpClient client, UpstreamTarget target, ObjectStore store, JobJournal journal,
      CallbackJournal callbackJournal, SecretBox secrets, ReplayCredentials credentials, UpstreamHealth health,
      GatewayConfig.Recovery settings, GatewayMetrics metrics, String relayUrl) {
    RateLimiter rate = new RateLimiter(vertx, settings.ratePerSecond());
    this.vertx = vertx;
    this.journal = journal;
    this.callbacks = new CallbackReregistration(client, target, callbackJournal, journal, secrets, credentials,
        metrics, relayUrl);
    this.reconciler = new Reconciler(client, target, store, journal, credentials, rate,
        () -> health.state() == UpstreamState.UP);
    this.resubmitter = new Resubmitter(vertx, client, target, store, journal, credentials, rate, settings,
        metrics, relayUrl);
    this.health = health;
    this.settings = settings;
  }

  public void start() {
    health.onChange(state -> {
      if (state == UpstreamState.UP) {
        run("upstream came back");
      }
    });
    timer = vertx.setPeriodic(settings.intervalSeconds() * 1000L, t -> run("timer"));
    run("start");
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  public JsonObject lastRun() {
    return lastRun.copy();
  }

  public RecoveryProgress progress() {
    return progress;
  }

  /** Starts a run unless one is under way or the upstream is down; the running one otherwise. */
  public Future<JsonObject> run(String trigger) {
    if (running != null) {
      return running;
    }
    if (health.state() != UpstreamState.UP) {
      return Future.succeededFuture(lastRun);
    }
    Instant started = Instant.now();
    progress.begin(trigger);
    AtomicInteger lost = new AtomicInteger();
    Map<Resubmitter.Outcome, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    running = callbacks.reregisterAll()
        .compose(registered -> journal.findByState(EnumSet.of(JobState.SUBMITTED))
            .compose(jobs -> bounded(jobs, job -> reconciler.reconcile(job)
                .map(l -> l ? progress.lostFound(lost.incrementAndGet()) : 0)
                .<Void>mapEmpty().otherwiseEmpty()))
            .compose(v -> resubmitQueued(outcomes, registered))
            .map(held -> report(trigger, started, registered.created(), lost.get(), held, outcomes)))
        .onComplete(ar -> {
          progress.finish(ar);
          running = null;
          if (ar.failed()) {
            LOG.warning("recovery run (" + trigger + ") failed: " + ar.cause().getMessage());
          }
        });
    return running;
  }

  /** A job a client found lost (404 on its GET): resubmit it now rather than at the next run. */
  public void resubmitSoon(JobRecord queued) {
    resubmitter.resubmit(queued, "lost, found by a client request").onComplete(ar -> afterAttempt(queued, ar.result()));
  }

  /** Re-registers every journaled callback now (the hourly limit still holds); how many the upstream created. */
  public Future<Integer> reregisterCallbacks() {
    return callbacks.reregisterAll().map(CallbackReregistration.Outcome::created);
  }

  /**
   * An operator's replay of one job through recovery's own claim, rate limit and resubmission: a dead or failed
   * job is queued again first; a submitted one only once the upstream answers 404 for it. Completes with the
   * outcome (submitted, retry, dead, skipped); fails with a 409 GatewayException when there is nothing to replay
   * or a replay of it is under way.
   */
  public Future<String> replayNow(JobRecord job, String operator) {
    if (!replaying.add(job.clientId())) {
      return Future.failedFuture(new GatewayException(409, "job " + job.clientId() + " is being replayed already"));
    }
    return queuedForReplay(job, operator)
        .compose(queued -> resubmitter.resubmit(queued, "replay requested", operator).map(outcome -> {
          afterAttempt(queued, outcome);
          if (outcome == Resubmitter.Outcome.SKIPPED) {
            throw new GatewayException(409, "job " + job.clientId() + " was claimed by another replay");
          }
          return outcome.name().toLowerCase(Locale.ROOT);
        }))
        .onComplete(ar -> replaying.remove(job.clientId()));
  }

  private Future<JobRecord> queuedForReplay(JobRecord job, String operator) {
    return switch (job.state()) {
      case QUEUED -> Future.succeededFuture(job);
      case DEAD, FAILED -> {
        JobRecord queued = job.requeued("replay", "queued again for a replay from " + job.state().json(), operator);
        yield journal.update(job, queued).compose(won -> won ? Future.succeededFuture(queued)
            : Future.failedFuture(new GatewayException(409, "job " + job.clientId() + " changed meanwhile; retry")));
      }
      case SUBMITTED -> reconciler.reconcile(job).compose(lost -> journal.get(job.clientId()))
          .compose(now -> now != null && now.state() == JobState.QUEUED ? Future.succeededFuture(now)
              : Future.failedFuture(new GatewayException(409, "the upstream still has job " + job.clientId()
                  + " (or could not be asked): nothing to replay")));
      default -> Future.failedFuture(new GatewayException(409, "job " + job.clientId() + " is " + job.state().json()
          + ": nothing to replay"));
    };
  }

  /** Resubmits the queued jobs that are due; returns how many were held for a callback URL not registered now. */
  private Future<Integer> resubmitQueued(Map<Resubmitter.Outcome, AtomicInteger> outcomes,
      CallbackReregistration.Outcome callbacks) {
    long now = System.currentTimeMillis();
    return journal.findByState(EnumSet.of(JobState.QUEUED)).compose(jobs -> {
      List<JobRecord> due = new ArrayList<>(jobs.stream()
          .filter(j -> notBefore.getOrDefault(j.clientId(), 0L) <= now && !callbacks.waits(j)).toList());
      due.sort(Comparator.comparing(JobRecord::created));
      int held = (int) jobs.stream().filter(callbacks::waits).count();
      progress.resubmitting(due.size());
      return bounded(due, job -> resubmitter.resubmit(job, "recovery run")
          .map(outcome -> {
            outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
            progress.attempted(outcome);
            afterAttempt(job, outcome);
            return (Void) null;
          }).otherwiseEmpty()).map(held);
    });
  }

  /** Exponential backoff with jitter for a job that must be tried again. */
  private void afterAttempt(JobRecord job, Resubmitter.Outcome outcome) {
    if (outcome != Resubmitter.Outcome.RETRY) {
      notBefore.remove(job.clientId());
      return;
    }
    long base = (long) settings.backoffMillis() << Math.min(job.attempts(), 16);
    long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    notBefore.put(job.clientId(), System.currentTimeMillis() + delay);
    vertx.setTimer(delay, t -> run("backoff elapsed"));
  }

  /** Applies {@code work} to every item, at most {@code recovery.concurrency} at a time. */
  private <T> Future<Void> bounded(List<T> items, Function<T, Future<Void>> work) {
    Iterator<T> next = items.iterator();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < settings.concurrency(); i++) {
      lanes.add(lane(next, work));
    }
    return Future.all(lanes).mapEmpty();
  }

  private <T> Future<Void> lane(Iterator<T> next, Function<T, Future<Void>> work) {
    if (!next.hasNext()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    work.apply(next.next()).onComplete(ar -> lane(next, work).onComplete(done));
    return done.future();
  }

  private JsonObject report(String trigger, Instant started, int registered, int lost, int held,
      Map<Resubmitter.Outcome, AtomicInteger> outcomes) {
    JsonObject counts = new JsonObject();
    outcomes.forEach((o, n) -> counts.put(o.name().toLowerCase(), n.get()));
    lastRun = new JsonObject().put("trigger", trigger).put("started", started.toString())
        .put("finished", Instant.now().toString()).put("callbacksRegistered", registered).put("lostFound", lost)
        .put("heldForCallback", held)
        .put("resubmissions", counts);
    if (registered > 0 || lost > 0 || held > 0 || !outcomes.isEmpty()) {
      LOG.info("recovery run (" + trigger + "): " + lastRun.encode());
    }
    return lastRun;
  }
}
