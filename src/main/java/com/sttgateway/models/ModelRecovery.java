package com.sttgateway.models;

import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.recovery.ReplayCredentials;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Finds lost models and restores them one at a time: {@link #check} (at the start of every recovery run) asks the
 * upstream for each active model once; a 404 marks it restoring, and so does a client's request that met one
 * ({@link #lost}). Language models go first; an acoustic model waits for the language model it trains with. A
 * refused step parks the model with the reason; a failing upstream leaves it restoring for the next run. Runs on
 * one context (every entry point hops onto it).
 */
public final class ModelRecovery {

  private static final Logger LOG = Logger.getLogger(ModelRecovery.class.getName());

  private final Context context;
  private final ModelVault vault;
  private final RestoreCalls calls;
  private final ModelRestorer restorer;
  private final ReplayCredentials credentials;
  private final GatewayMetrics metrics;
  private Runnable restored = () -> { };
  private boolean restoring;
  private boolean again;

  ModelRecovery(Context context, ModelVault vault, RestoreCalls calls, ModelRestorer restorer,
      ReplayCredentials credentials, GatewayMetrics metrics) {
    this.context = context;
    this.vault = vault;
    this.calls = calls;
    this.restorer = restorer;
    this.credentials = credentials;
    this.metrics = metrics;
    vault.index().onRemoteChange(this::changedElsewhere);
  }

  /**
   * Another member marked a model lost (its owner restores it) or restored one (this member's jobs that waited for
   * it go on, and so does an acoustic model that waited for it).
   */
  private void changedElsewhere(ModelEntry before, ModelEntry after) {
    boolean restored = after.state() == ModelState.ACTIVE && before != null && before.state() == ModelState.RESTORING;
    if (restored || after.state() == ModelState.RESTORING && vault.index().owns(after.id())) {
      context.runOnContext(v -> {
        if (restored) {
          this.restored.run();
        }
        restoreAll();
      });
    }
  }

  /** {@code onRestored}: runs after each model restored (recovery resubmits the jobs that waited for it). */
  public void onRestored(Runnable onRestored) {
    this.restored = onRestored;
  }

  /**
   * One GET per active model this member owns (P6: each model is checked and restored by one member); lost ones are
   * marked restoring, then restored in the background. Never fails.
   */
  public Future<Void> check() {
    return onContext(() -> {
      List<Future<Void>> checks = new ArrayList<>();
      vault.all().stream().filter(e -> e.state() == ModelState.ACTIVE && vault.index().owns(e.id()))
          .forEach(e -> checks.add(lost(e.id(), "lost upstream, found by a recovery run", false)));
      return Future.join(checks).<Void>mapEmpty().otherwiseEmpty().onComplete(v -> restoreAll());
    });
  }

  /** Verifies with the model's own credential that the upstream lost it; if so, marks it and starts its restore. */
  Future<Void> lost(String id, String why) {
    return lost(id, why, true);
  }

  /**
   * As {@link #lost(String, String)}; {@code restoreNow} false leaves the restore to the caller, so a recovery run
   * marks every lost model before the first restore starts (language models must go before acoustic ones).
   */
  private Future<Void> lost(String id, String why, boolean restoreNow) {
    return onContext(() -> {
      ModelEntry e = vault.get(id);
      if (e == null || e.state() != ModelState.ACTIVE) {
        return Future.succeededFuture();
      }
      return credentials.authorization(e.sealedAuthorization(), "model " + id)
          .compose(auth -> calls.get(e.basePath() + "/v1/" + e.kind().path() + "/" + e.upstreamId(), auth))
          .compose(reply -> reply.status() != 404 ? Future.<Void>succeededFuture() : vault.change(id,
              now -> now.state() != ModelState.ACTIVE ? now : now.withState(ModelState.RESTORING, now.upstreamId(),
                  new JsonObject().put("started", Instant.now().toString()).put("reason", why).put("step", "create"))
                  .event("gateway", "lost", why)).<Void>mapEmpty().onSuccess(v -> {
                    LOG.warning("custom model " + id + " " + why + "; restoring it");
                    if (restoreNow) {
                      restoreAll();
                    }
                  }))
          .otherwise(err -> {
            LOG.info(() -> "custom model " + id + ": could not check it upstream: " + err.getMessage());
            return null;
          });
    });
  }

  /** Restores every restoring model, one at a time; asked again while busy, it goes round once more. */
  private void restoreAll() {
    if (restoring) {
      again = true;
      return;
    }
    ModelEntry next = next();
    if (next == null) {
      return;
    }
    restoring = true;
    restoreOne(next).onComplete(ar -> context.runOnContext(v -> {
      restoring = false;
      if (ar.succeeded() && ar.result() || again) {
        again = false;
        restoreAll();
      }
    }));
  }

  /**
   * The next restoring model this member owns: language models first; an acoustic model once the language model it
   * trains with is no longer restoring (here or on the member that owns it).
   */
  private ModelEntry next() {
    return vault.all().stream().filter(e -> e.state() == ModelState.RESTORING && vault.index().owns(e.id()))
        .filter(e -> {
          ModelEntry lm = vault.get(languageModel(e));
          return lm == null || lm.state() != ModelState.RESTORING;
        })
        .min(Comparator.comparing(ModelEntry::kind)).orElse(null);
  }

  private static String languageModel(ModelEntry e) {
    return e.training() == null ? null : e.training().getString("custom_language_model_id");
  }

  /**
   * True when the model's fate is settled (restored or parked) or a language model it trains with was found lost
   * first (restored before it), false when it must wait for a later run.
   */
  private Future<Boolean> restoreOne(ModelEntry e) {
    String lm = languageModel(e);
    if (lm == null) {
      return restoreNow(e);
    }
    return lost(lm, "lost upstream, found before restoring acoustic model " + e.id(), false).compose(v -> {
      ModelEntry language = vault.get(lm);
      return language != null && language.state() == ModelState.RESTORING ? Future.succeededFuture(true)
          : restoreNow(e);
    });
  }

  private Future<Boolean> restoreNow(ModelEntry e) {
    LOG.info(() -> "restoring custom model " + e.id() + " (" + e.kind().wire() + ")");
    return credentials.authorization(e.sealedAuthorization(), "model " + e.id())
        .compose(auth -> restorer.restore(e.id(), auth))
        .map(upstream -> {
          LOG.info("custom model " + e.id() + " restored as upstream id " + upstream);
          metrics.modelRestore("restored");
          restored.run();
          return true;
        })
        .recover(err -> err instanceof ModelRestorer.Stopped ? stopped(e, err.getMessage())
            : err instanceof RestoreCalls.Refused || isCredential(err) ? park(e, err.getMessage()) : later(e, err));
  }

  private static boolean isCredential(Throwable err) {
    return err instanceof com.sttgateway.GatewayException g && g.status() == 401;
  }

  private Future<Boolean> park(ModelEntry e, String reason) {
    LOG.warning("custom model " + e.id() + " parked, it cannot be restored: " + reason);
    metrics.modelRestore("parked");
    return vault.change(e.id(), now -> now.withState(ModelState.PARKED, now.upstreamId(),
        (now.restore() == null ? new JsonObject() : now.restore().copy()).put("parked", reason))
        .event("gateway", "parked", reason)).map(true);
  }

  private Future<Boolean> stopped(ModelEntry e, String detail) {
    LOG.info("custom model " + e.id() + ": restore stopped, " + detail);
    metrics.modelRestore("stopped");
    return Future.succeededFuture(true);
  }

  private Future<Boolean> later(ModelEntry e, Throwable err) {
    LOG.warning("custom model " + e.id() + ": restore interrupted, continues at the next run: " + err.getMessage());
    metrics.modelRestore("interrupted");
    return Future.succeededFuture(false);
  }

  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    if (io.vertx.core.Vertx.currentContext() == context) {
      return work.get();
    }
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(done));
    return done.future();
  }
}
