package com.sttgateway.upstream;

import static com.sttgateway.upstream.UpstreamState.DOWN;
import static com.sttgateway.upstream.UpstreamState.UP;

import com.sttgateway.config.GatewayConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides UP or DOWN from probe outcomes and passive signals: DOWN after {@code failuresToDown} consecutive
 * failures or a burst of proxied 5xx, UP again only after {@code successesToUp} consecutive good probes.
 * Not thread-safe: the monitor's context only.
 */
final class Hysteresis {

  static final Duration BURST_WINDOW = Duration.ofSeconds(10);

  private final GatewayConfig.Health settings;
  private final ServerErrorBurst burst;
  private UpstreamState state; // null until the first probe
  private Instant since = Instant.now();
  private String reason = "not probed yet";
  private ProbeResult lastProbe;
  private int failures;
  private int successes;

  Hysteresis(GatewayConfig.Health settings) {
    this.settings = settings;
    this.burst = new ServerErrorBurst(BURST_WINDOW, settings.serverErrorsToDown());
  }

  /** The first probe sets the initial state; later ones count toward a change. */
  Optional<Transition> probed(ProbeResult result) {
    lastProbe = result;
    String what = "probe " + result.result();
    Optional<Transition> change = result.ok() ? succeeded(what) : failed(what);
    if (state == null) {
      return change(result.ok() ? UP : DOWN, "first " + what, true);
    }
    return change;
  }

  /** Counts like a failed probe. */
  Optional<Transition> connectFailed() {
    return failed("a proxied request could not connect");
  }

  /** While UP, any answer proves reachability; a 5xx also counts toward a burst. Never brings a DOWN back. */
  Optional<Transition> answered(int status, long nanos) {
    if (state != UP) {
      return Optional.empty();
    }
    if (status < 500) {
      failures = 0;
      return Optional.empty();
    }
    int recent = burst.add(nanos);
    if (recent < settings.serverErrorsToDown()) {
      return Optional.empty();
    }
    return change(DOWN, recent + " server errors (5xx) on proxied requests within "
        + BURST_WINDOW.toSeconds() + " s, last: HTTP " + status, false);
  }

  UpstreamStatus status() {
    return new UpstreamStatus(state == null ? DOWN : state, since, reason, lastProbe, failures, successes,
        burst.size());
  }

  private Optional<Transition> succeeded(String what) {
    failures = 0;
    successes++;
    if (state == DOWN && successes >= settings.successesToUp()) {
      return change(UP, successes + " consecutive good probes, last: " + what, false);
    }
    return Optional.empty();
  }

  private Optional<Transition> failed(String what) {
    successes = 0;
    failures++;
    if (state == UP && failures >= settings.failuresToDown()) {
      return change(DOWN, failures + " consecutive failures, last: " + what, false);
    }
    return Optional.empty();
  }

  private Optional<Transition> change(UpstreamState to, String why, boolean initial) {
    state = to;
    since = Instant.now();
    reason = why;
    burst.clear();
    if (to == DOWN) {
      successes = 0; // coming back needs a fresh run of good probes
    }
    return Optional.of(new Transition(to, why, initial));
  }
}
