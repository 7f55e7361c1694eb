package com.sttgateway.upstream;

import static java.util.Objects.requireNonNull;

import com.sttgateway.config.GatewayConfig;
import com.sttgateway.proxy.UpstreamTarget;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The upstream's health as a value that notifies listeners only when it changes: an unauthenticated probe every
 * {@code probeIntervalMillis} plus passive signals from proxied traffic, with hysteresis. Decisions and listener
 * calls run on the context the monitor was created on (create it on an event loop, or outside Vert.x);
 * {@link #state()}, {@link #describe()} and the signals may be called from any thread.
 */
public final class UpstreamHealth implements UpstreamSignals {

  private static final Logger LOG = Logger.getLogger(UpstreamHealth.class.getName());
  private static final long MAX_PROBE_TIMEOUT_MILLIS = 5000;

  private final Vertx vertx;
  private final Context context;
  private final Probe probe;
  private final long intervalMillis;
  private final long timeoutMillis;
  private final Hysteresis hysteresis;
  private final List<Consumer<UpstreamState>> listeners = new CopyOnWriteArrayList<>();
  private volatile UpstreamStatus current;
  private volatile boolean stopped;
  private volatile long timerId = -1;
  private boolean probing;

  public UpstreamHealth(Vertx vertx, HttpClient client, UpstreamTarget target, GatewayConfig.Health settings) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.context = vertx.getOrCreateContext();
    this.intervalMillis = requireNonNull(settings, "settings").probeIntervalMillis();
    this.timeoutMillis = Math.min(intervalMillis, MAX_PROBE_TIMEOUT_MILLIS);
    this.probe = new Probe(requireNonNull(client, "client"), requireNonNull(target, "target"), settings.probePath());
    this.hysteresis = new Hysteresis(settings);
    this.current = hysteresis.status();
  }

  /**
   * Probes once right away, then every probeIntervalMillis. The first probe sets the initial state, which the
   * future returns (and the log announces); listeners hear only the changes after it. Never fails.
   */
  public Future<UpstreamState> start() {
    Promise<UpstreamState> initial = Promise.promise();
    // The first probe races no next tick, and a cold client's first connection can outlast a short interval.
    context.runOnContext(v -> probeOnce(MAX_PROBE_TIMEOUT_MILLIS)
        .onComplete(done -> schedule())
        .map(done -> state())
        .onComplete(initial));
    return initial.future();
  }

  /** Stops probing and ignores further signals; listeners are not called again. */
  public void stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
  }

  /** DOWN until the first probe proved the upstream reachable. */
  public UpstreamState state() {
    return current.state();
  }

  /** Called on the monitor's context, once per change, never for a repeat of the current state. */
  public void onChange(Consumer<UpstreamState> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  @Override
  public void connectFailed() {
    if (!stopped) {
      context.runOnContext(v -> apply(hysteresis.connectFailed()));
    }
  }

  @Override
  public void answered(int status) {
    UpstreamStatus now = current;
    // The common case (an answer while UP with nothing to reset) costs no hop to the monitor's context.
    if (stopped || now.state() == UpstreamState.DOWN || (status < 500 && now.consecutiveFailures() == 0)) {
      return;
    }
    long at = System.nanoTime();
    context.runOnContext(v -> apply(hysteresis.answered(status, at)));
  }

  /** State, since when and why, the last probe and the counters, for the admin port. */
  public JsonObject describe() {
    return current.toJson().put("probe", probe + " every " + intervalMillis + " ms, timeout " + timeoutMillis + " ms");
  }

  private void schedule() {
    if (stopped) {
      return;
    }
    timerId = vertx.setPeriodic(intervalMillis, id -> probeOnce(timeoutMillis));
    if (stopped) { // stop() ran on another thread in between
      vertx.cancelTimer(timerId);
    }
  }

  /** At most one probe in flight: a slow one makes the next tick skip rather than pile up. */
  private Future<Void> probeOnce(long timeout) {
    if (probing || stopped) {
      return Future.succeededFuture();
    }
    probing = true;
    return probe.run(timeout)
        .onSuccess(result -> {
          probing = false;
          apply(hysteresis.probed(result));
        })
        .mapEmpty();
  }

  private void apply(Optional<Transition> change) {
    if (stopped) {
      return;
    }
    current = hysteresis.status();
    change.ifPresent(this::announce);
  }

  private void announce(Transition change) {
    String line = "upstream " + change.state() + " (" + change.reason() + ")";
    LOG.log(change.state() == UpstreamState.UP ? Level.INFO : Level.WARNING,
        change.initial() ? line + " at " + probe : line);
    if (!change.initial()) {
      listeners.forEach(listener -> tell(listener, change.state()));
    }
  }

  private static void tell(Consumer<UpstreamState> listener, UpstreamState state) {
    try {
      listener.accept(state);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "upstream health listener failed on " + state, e);
    }
  }
}
