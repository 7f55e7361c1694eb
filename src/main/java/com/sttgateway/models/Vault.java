package com.sttgateway.models;

import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.GatewayException;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JournaledForward;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.proxy.CustomizationIds;
import com.sttgateway.proxy.PassthroughProxy;
import com.sttgateway.proxy.RouteFamily;
import com.sttgateway.proxy.UpstreamCalls;
import com.sttgateway.proxy.UpstreamTarget;
import com.sttgateway.recovery.RateLimiter;
import com.sttgateway.recovery.ReplayCredentials;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * The custom model vault, wired: entries loaded at start, the id map jobs and recognitions use, the route family of
 * the customization routes, and the restore that recovery runs. The gateway's one handle on it. Thread-safe.
 */
public final class Vault {

  /** Most bytes of one corpus, grammar or audio resource (the service's audio limit is 100 MB). */
  static final long MAX_RESOURCE_BYTES = 100L * 1024 * 1024;

  private final Vertx vertx;
  private final ModelVault vault;
  private final ModelIdMap ids;
  private ModelRecovery recovery;
  private UpstreamCalls calls;
  private ModelDrill.Parts drills;

  private Vault(Vertx vertx, ModelVault vault) {
    this.vertx = vertx;
    this.vault = vault;
    this.ids = new ModelIdMap(vault);
  }

  /**
   * Loads every vaulted model from the store into the cluster's index; {@code sealKey} (derived from the journal key)
   * seals its entries.
   */
  public static Future<Vault> load(Vertx vertx, ObjectStore store, HazelcastInstance hazelcast, byte[] sealKey,
      GatewayMetrics metrics) {
    Vault v = new Vault(vertx, new ModelVault(store, new ModelIndex(vertx, hazelcast, sealKey)));
    for (ModelState state : ModelState.values()) {
      metrics.models(state.wire(), () -> v.vault.all().stream().filter(e -> e.state() == state).count());
    }
    return v.vault.load().map(v);
  }

  /** Builds the restore side (its own context, rate limit and backoff from the recovery settings). */
  public void startRecovery(HttpClient client, UpstreamTarget target, UpstreamCalls upstream,
      ReplayCredentials credentials, GatewayConfig.Recovery settings, GatewayMetrics metrics) {
    this.calls = upstream;
    RestoreCalls restoreCalls = new RestoreCalls(vertx, client, target, upstream, vault.store(),
        new RateLimiter(vertx, settings.ratePerSecond()), settings.backoffMillis());
    ModelRestorer restorer = new ModelRestorer(vault, ids, restoreCalls);
    this.recovery = new ModelRecovery(vertx.getOrCreateContext(), vault, restoreCalls, restorer, credentials, metrics);
    this.drills = new ModelDrill.Parts(vertx, restorer, credentials);
  }

  /**
   * Starts a verify drill of model {@code id} (see {@link ModelDrill}) for operator {@code by}. 404 for a model the
   * vault does not have or a deleted one; 409 while it is being restored (the restore is the drill then).
   */
  public ModelDrill verify(String id, String by, Duration timeout) {
    ModelEntry e = vault.get(id);
    if (e == null || e.state() == ModelState.DELETED) {
      throw new GatewayException(404, "no vaulted model " + id);
    }
    if (e.state() == ModelState.RESTORING) {
      throw new GatewayException(409, "custom model " + id + " is being restored; verify it once it is active");
    }
    ModelDrill drill = new ModelDrill(drills, e, by, timeout);
    drill.start();
    return drill;
  }

  /** The route family of {@code .../v1/customizations}, {@code .../v1/acoustic_customizations} and recognize. */
  public RouteFamily routes(UpstreamTarget target, PassthroughProxy passthrough, SecretBox captured,
      JournaledForward forward) {
    ModelExchange x = new ModelExchange(calls, passthrough, vault, ids, recovery, captured);
    return new ModelRoutes(target, x, new ResourceCalls(x, forward, MAX_RESOURCE_BYTES));
  }

  public CustomizationIds ids() {
    return ids;
  }

  /** The recovery run's first step: finds lost models and starts their restore. Never fails. */
  public Future<Void> check() {
    return recovery.check();
  }

  public void onRestored(Runnable restored) {
    recovery.onRestored(restored);
  }

  /** Every entry, for operators. */
  public List<ModelEntry> entries() {
    return vault.all();
  }

  public ModelEntry entry(String id) {
    return vault.get(id);
  }
}
