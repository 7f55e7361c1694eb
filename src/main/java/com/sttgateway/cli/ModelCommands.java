package com.sttgateway.cli;

import com.sttgateway.cli.OpsArgs.UsageException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** {@code ops models} (every vaulted custom model) and {@code ops models ID} (one with its history). Calling thread only. */
record ModelCommands(OpsCall call) {

  void models() {
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
}
