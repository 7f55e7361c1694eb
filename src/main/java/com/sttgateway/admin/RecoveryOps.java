package com.sttgateway.admin;

import com.sttgateway.recovery.RecoveryProgress;
import io.vertx.ext.web.Router;

/**
 * {@code GET /ops/recovery}: the recovery run under way (phase, lost found, planned, attempted, resubmitted,
 * remaining, rate, estimated end; null when none) and the last runs that did any work. Event loop only.
 */
record RecoveryOps(RecoveryProgress progress) {

  void mount(Router router) {
    router.get("/ops/recovery").handler(ctx -> ctx.json(progress.toJson()));
  }
}
