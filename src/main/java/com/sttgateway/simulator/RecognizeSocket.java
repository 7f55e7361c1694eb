package com.sttgateway.simulator;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * WebSocket /v1/recognize. After {"action":"start"} the session answers {"state":"listening"} and hashes binary
 * frames; {"action":"stop"} answers the results, then {"state":"listening"} again, so one connection can run several
 * recognitions. Close frames are echoed by Vert.x. Each session lives on its socket's event loop.
 */
final class RecognizeSocket {

  private static final JsonObject LISTENING = new JsonObject().put("state", "listening");

  private final long minBytes;
  private final long maxBytes;
  private final ModelUse.Resolver customModels;

  RecognizeSocket(SimulatorOptions options, ModelUse.Resolver customModels) {
    this.customModels = customModels;
    this.minBytes = options.minBytes();
    this.maxBytes = Math.min(SyncRecognizeRoute.MAX_SYNC_BYTES, options.maxBytes());
  }

  void mount(Router router, String base) {
    router.get(base + "/v1/recognize").handler(this::upgrade);
  }

  /** True for a WebSocket upgrade request (the auth gate then also accepts the access_token parameter). */
  static boolean isUpgrade(HttpServerRequest request) {
    return "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
  }

  private void upgrade(RoutingContext ctx) {
    if (!isUpgrade(ctx.request())) {
      ctx.fail(new ApiException(405, "GET /v1/recognize requires a WebSocket upgrade"));
      return;
    }
    // The custom models are named on the upgrade URL (the SDKs take them out of the start message), so an unusable
    // one is refused before the upgrade, with the HTTP error shape.
    ModelUse use = customModels.resolve(ctx.request().getParam("model", JobRequest.DEFAULT_MODEL),
        ctx.request().params());
    ctx.request().toWebSocket()
        .onSuccess(socket -> new Session(socket, use).attach())
        .onFailure(ctx::fail);
  }

  /** One connection's state: the running digest of the current recognition, or null between recognitions. */
  private final class Session {
    private final ServerWebSocket socket;
    private final ModelUse use;
    private AudioDigest digest;

    Session(ServerWebSocket socket, ModelUse use) {
      this.socket = socket;
      this.use = use;
    }

    void attach() {
      socket.textMessageHandler(this::onText);
      socket.binaryMessageHandler(this::onAudio);
    }

    private void onText(String text) {
      JsonObject message;
      try {
        message = new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        error("Unable to parse the message as JSON: " + e.getMessage());
        return;
      }
      Object action = message.getValue("action");
      if ("start".equals(action)) {
        begin();
      } else if ("stop".equals(action)) {
        stop();
      } else {
        error("Invalid value for 'action': " + action + " (expected: start or stop)");
      }
    }

    private void begin() {
      if (digest != null) {
        error("A recognition is already in progress; send {\"action\":\"stop\"} first");
        return;
      }
      digest = new AudioDigest();
      send(LISTENING);
    }

    private void stop() {
      if (digest == null) {
        error("No recognition in progress; send {\"action\":\"start\"} first");
        return;
      }
      AudioDigest.Audio audio = digest.finish();
      digest = null;
      if (audio.bytes() < minBytes) {
        error("Stream was " + audio.bytes() + " bytes but needs to be at least " + minBytes + " bytes.");
      } else {
        send(JobJson.recognition(use.transcript(audio.sha256())));
      }
      send(LISTENING);
    }

    // UNCONFIRMED upstream behaviour: chose an error message for audio before "start" because the protocol starts with it.
    private void onAudio(Buffer chunk) {
      if (digest == null) {
        error("Audio received before {\"action\":\"start\"}");
        return;
      }
      digest.update(chunk.getBytes());
      if (digest.bytes() > maxBytes) {
        error("Request too large: the audio exceeds the limit of " + maxBytes + " bytes.");
        digest = null;
        socket.close((short) 1009, "audio too large");
      }
    }

    private void error(String message) {
      send(new JsonObject().put("error", message));
    }

    private void send(JsonObject message) {
      if (!socket.isClosed()) {
        socket.writeTextMessage(message.encode());
      }
    }
  }
}
