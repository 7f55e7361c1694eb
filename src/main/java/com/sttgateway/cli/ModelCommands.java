package com.sttgateway.cli;

import com.sttgateway.cli.OpsArgs.UsageException;
import com.sttgateway.cli.OpsClient.OpsApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * {@code ops models} (every vaulted custom model), {@code ops models ID} (one with its history) and
 * {@code ops models verify ID} (a verify drill, followed to its end). Calling thread only.
 */
record ModelCommands(OpsCall call) {

  private static final long POLL_MILLIS = 2000;

  void models() {
    if (call.args().words().size() > 1 && call.args().words().get(1).equals("verify")) {
      verify();
      return;
    }
    int given = call.args().words().size() - 1;
    if (given > 1) {
      throw new UsageException("'models' takes at most one argument (a model id), got " + given);
    }
    if (given == 0) {
      call.expect("models", 0, Set.of());
      JsonObject list = call.client().get("/ops/models");
      call.print(list, ModelViews.models(list.getJsonArray("models", new JsonArray())));
    } else {
      String id = call.expect("models", 1, Set.of());
      JsonObject model = call.client().get("/ops/models/" + OpsClient.segment(id));
      call.print(model, ModelViews.model(model));
    }
  }

  /** Starts the drill, prints each step as it changes, then the result; exits 1 unless the drill found it ok. */
  private void verify() {
    call.args().allowOnly("models verify", Set.of("timeout"));
    if (call.args().words().size() != 3) {
      throw new UsageException("'models verify' takes one argument (a model id), got "
          + (call.args().words().size() - 2));
    }
    String path = "/ops/models/" + OpsClient.segment(call.args().words().get(2)) + "/verify";
    String timeout = call.args().value("timeout");
    JsonObject drill = call.client().post(timeout == null ? path
        : OpsClient.withQuery(path, java.util.Map.of("timeoutSeconds", timeout)), null);
    String shown = "";
    while (drill.getString("finished") == null) {
      String now = ModelViews.drillStep(drill);
      if (!now.equals(shown) && !call.args().has("json")) {
        call.out().println(now);
      }
      shown = now;
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      drill = call.client().get(path);
    }
    call.print(drill, ModelViews.drill(drill));
    if (!"ok".equals(drill.getString("state"))) {
      throw new OpsApiException(0, "verify of model " + drill.getString("model") + ": " + drill.getString("state"));
    }
  }
}
