package com.sttgateway.models;

import com.sttgateway.recovery.ReplayCredentials;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * One verify drill ({@code ops models verify ID}): rebuilds a temporary copy of a vaulted model upstream with the
 * restore's own steps (a new model named as a drill, same base model and definition, the vaulted content, trained
 * with the last parameters), compares it ({@link DrillComparison}), deletes it whatever happened, and reports ok,
 * the differences, or why it failed. It never touches the client's model, the id map or the restore metrics; only
 * the entry's history records that a drill ran, and by whom.
 *
 * <p>A server-side task, not a synchronous call: a drill trains a model, which takes minutes for a language model
 * and about as long as its audio for an acoustic one, far longer than an HTTP call should wait. Lives in the memory
 * of the member that runs it. Runs on the context that started it; its status may be read from any thread.
 */
public final class ModelDrill {

  private static final Logger LOG = Logger.getLogger(ModelDrill.class.getName());

  /** What a drill needs from the vault's restore side. */
  record Parts(Vertx vertx, ModelRestorer restorer, ReplayCredentials credentials) {}

  private final Parts parts;
  private final ModelEntry model;
  private final String by;
  private final Duration timeout;
  private final String name = "gateway verify drill " + UUID.randomUUID().toString().substring(0, 8);
  private final Instant started = Instant.now();
  // Written on the drill's context, read by status requests: volatile.
  private volatile JsonObject progress = new JsonObject();
  private volatile String auth;
  private volatile String outcome;
  private volatile String reason;
  private volatile List<String> differences = List.of();
  private volatile String cleanup = "none needed";
  private Future<Void> deleted;
  private volatile Instant finished;

  ModelDrill(Parts parts, ModelEntry model, String by, Duration timeout) {
    this.parts = parts;
    this.model = model;
    this.by = by;
    this.timeout = timeout;
  }

  /** True until the drill has ended and its model is deleted (or could not be). */
  public boolean running() {
    return finished == null;
  }

  /** Runs the drill; the future completes when it has ended and its model is deleted. Never fails. */
  Future<Void> start() {
    LOG.info("verify drill of custom model " + model.id() + " started by " + by + " as '" + name + "'");
    long timer = parts.vertx().setTimer(Math.max(1, timeout.toMillis()), t -> {
      conclude("timed_out", "no usable drill model after " + timeout.toSeconds() + " s");
      delete(); // a poll of the deleted model then fails, and so does the rest of the rebuild
    });
    JsonObject definition = model.definition().copy().put("name", name)
        .put("description", "A disaster-recovery drill of custom model " + model.id() + " by the gateway: deleted "
            + "when the drill ends");
    return history("verify", "started by " + by + ": a drill model '" + name + "' is built upstream")
        .compose(v -> parts.credentials().authorization(model.sealedAuthorization(), "model " + model.id()))
        .compose(authorization -> {
          auth = authorization;
          return parts.restorer().rebuild(model, definition, new Steps(), auth)
              .compose(drill -> outcome != null ? Future.failedFuture(reason) : new DrillComparison(parts.restorer().calls())
                  .compare(model, drill, parts.restorer().ids().upstreamId(model.id()), auth));
        })
        .onComplete(ar -> {
          parts.vertx().cancelTimer(timer);
          if (ar.succeeded()) {
            differences = List.copyOf(ar.result());
            conclude(differences.isEmpty() ? "ok" : "mismatch", null);
          } else {
            conclude("failed", ar.cause().getMessage());
          }
        })
        .transform(ar -> delete())
        .compose(v -> {
          finished = Instant.now();
          LOG.info("verify drill of custom model " + model.id() + " ended: " + summary());
          return history("verified", summary());
        })
        .otherwiseEmpty();
  }

  /** The drill's steps; one recorded after the drill ended (timed out) stops the rebuild. */
  private final class Steps implements ModelRestorer.Progress {
    @Override
    public JsonObject now() {
      return progress;
    }

    @Override
    public Future<Void> record(UnaryOperator<JsonObject> step) {
      progress = step.apply(progress.copy());
      return outcome == null ? Future.succeededFuture() : Future.failedFuture(new RestoreCalls.Refused(reason));
    }
  }

  /** Deletes the drill model once its upstream id is known, at most once; a training in progress is waited out. */
  private Future<Void> delete() {
    String drill = progress.getString("upstreamId");
    if (drill == null || auth == null) {
      return Future.succeededFuture();
    }
    if (deleted == null) {
      cleanup = "being deleted: upstream model " + drill;
      deleted = parts.restorer().calls().json(HttpMethod.DELETE, ModelRestorer.modelPath(model, drill), auth, null, 200,
          "delete the drill model").<Void>mapEmpty()
          .onSuccess(v -> cleanup = "deleted: upstream model " + drill)
          .recover(err -> {
            cleanup = "NOT deleted: upstream model " + drill + " (delete it by hand): " + err.getMessage();
            LOG.warning("verify drill of custom model " + model.id() + ": drill model " + cleanup);
            return Future.succeededFuture();
          });
    }
    return deleted;
  }

  /** The outcome, once (a timeout and the rebuild's end may both try). */
  private void conclude(String end, String why) {
    if (outcome == null) {
      outcome = end;
      reason = why;
    }
  }

  private String summary() {
    return switch (outcome) {
      case "ok" -> "ok, the drill model matched the vault";
      case "mismatch" -> "mismatch: " + String.join("; ", differences);
      default -> outcome + ": " + reason;
    } + "; drill model " + cleanup;
  }

  private Future<Void> history(String event, String detail) {
    return parts.restorer().vault().change(model.id(), e -> e.event(by, event, detail)).mapEmpty();
  }

  public JsonObject toJson() {
    return new JsonObject().put("model", model.id()).put("kind", model.kind().wire()).put("drillName", name)
        .put("state", running() ? outcome == null ? "running" : "cleaning_up" : outcome).put("reason", reason).put("differences", new JsonArray(differences))
        .put("progress", progress.copy()).put("cleanup", cleanup).put("by", by).put("started", started.toString())
        .put("finished", finished == null ? null : finished.toString())
        .put("timeoutSeconds", timeout.toSeconds());
  }
}
