package com.sttgateway.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * POST /v1/recognize, the synchronous interface; event loop only. The body is streamed through SHA-256 like a job's
 * (a multipart/form-data body is hashed whole, parts and boundaries included: a deliberate simplification), the
 * answer comes after the processing time, and while it is pending the response is committed as a 200 and one
 * space is written every syncKeepAlive, as the service does every 20 s to beat the 30 s inactivity timeout.
 */
record SyncRecognizeRoute(Vertx vertx, SimulatorOptions options, ModelCatalog models, ModelUse.Resolver customModels) {

  /** Sync and WebSocket recognitions take at most 100 MB of audio. */
  static final long MAX_SYNC_BYTES = 100L * 1024 * 1024;

  void mount(Router router, String base) {
    router.post(base + "/v1/recognize").handler(this::recognize);
  }

  private void recognize(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String model = request.getParam("model", JobRequest.DEFAULT_MODEL);
    if (!models.contains(model)) {
      ctx.fail(ApiException.notFound("Model " + model + " not found"));
      return;
    }
    ModelUse use = customModels.resolve(model, request.params());
    long keepAlive = startKeepAlive(request.response());
    AudioIntake.read(request, options.minBytes(), Math.min(MAX_SYNC_BYTES, options.maxBytes()))
        .compose(audio -> vertx.timer(Math.max(1, options.processing().toMillis())).map(audio))
        .onComplete(done -> vertx.cancelTimer(keepAlive))
        .compose(audio -> answer(request.response(), use.transcript(audio.sha256())))
        .onFailure(ctx::fail);
  }

  private long startKeepAlive(HttpServerResponse response) {
    long interval = options.syncKeepAlive().toMillis();
    return vertx.setPeriodic(interval, id -> {
      if (response.ended() || response.closed()) {
        vertx.cancelTimer(id);
        return;
      }
      if (!response.headWritten()) {
        response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      }
      response.write(" ");
    });
  }

  private static Future<Void> answer(HttpServerResponse response, String transcript) {
    if (response.headWritten()) {
      return response.end(JobJson.recognition(transcript).toBuffer());
    }
    return Replies.json(response, 200, JobJson.recognition(transcript));
  }
}
