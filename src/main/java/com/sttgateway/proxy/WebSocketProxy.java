package com.sttgateway.proxy;

import com.sttgateway.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import java.util.Arrays;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Proxies a WebSocket upgrade (e.g. {@code /v1/recognize}): connects upstream first, so an upstream refusal
 * reaches the client with its own status, then relays frames both ways with backpressure and the close code.
 * Event loop only.
 */
public record WebSocketProxy(WebSocketClient client, UpstreamTarget target) {

  private static final Logger LOG = Logger.getLogger(WebSocketProxy.class.getName());
  private static final Set<String> HANDSHAKE_HEADERS =
      Set.of("sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol");

  static boolean isUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  void handle(HttpServerRequest request, String clientUri) {
    if (!validTarget(clientUri)) {
      // The WebSocket client cannot build a handshake for it (it fails inside its connection, logged SEVERE).
      new GatewayException(400, "the request target is not a valid URI (bad percent-encoding?)")
          .respond(request.response());
      return;
    }
    request.pause();
    WebSocketConnectOptions options = target.webSocketOptions(clientUri);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    HopByHop.copy(request.headers(), headers, HANDSHAKE_HEADERS);
    options.setHeaders(headers);
    String protocols = request.getHeader("Sec-WebSocket-Protocol");
    if (protocols != null) {
      options.setSubProtocols(Arrays.stream(protocols.split(",")).map(String::trim).toList());
    }
    client.connect(options)
        .compose(upstream -> request.toWebSocket()
            .onSuccess(downstream -> splice(downstream, upstream))
            .onFailure(err -> upstream.close()))
        .onFailure(err -> refuse(request, err));
  }

  private static boolean validTarget(String uri) {
    try {
      new java.net.URI(uri);
      return true;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static void refuse(HttpServerRequest request, Throwable err) {
    if (request.response().ended() || request.response().closed()) {
      return;
    }
    if (err instanceof UpgradeRejectedException rejected) {
      request.response().setStatusCode(rejected.getStatus());
      if (rejected.getHeaders() != null) {
        HopByHop.copy(rejected.getHeaders(), request.response().headers(), Set.of());
      }
      request.response().end(rejected.getBody() == null ? Buffer.buffer() : rejected.getBody());
      return;
    }
    GatewayException.of(err).respond(request.response());
  }

  private static void splice(WebSocketBase downstream, WebSocketBase upstream) {
    relayFrames(downstream, upstream);
    relayFrames(upstream, downstream);
  }

  private static void relayFrames(WebSocketBase from, WebSocketBase to) {
    from.frameHandler(frame -> {
      if (!isData(frame) || to.isClosed()) {
        return; // ping/pong are answered per hop; close is relayed by the close handler
      }
      to.writeFrame(frame);
      if (to.writeQueueFull()) {
        from.pause();
        to.drainHandler(v -> from.resume());
      }
    });
    from.closeHandler(v -> {
      if (to.isClosed()) {
        return;
      }
      Short code = from.closeStatusCode();
      // 1005 (no status) and 1006 (abnormal) must never be sent in a close frame.
      if (code == null || code == 1005 || code == 1006) {
        to.close();
      } else {
        to.close(code, from.closeReason());
      }
    });
    from.exceptionHandler(err -> LOG.fine(() -> "websocket relay: " + err));
  }

  private static boolean isData(WebSocketFrame frame) {
    return frame.isText() || frame.isBinary() || frame.isContinuation();
  }
}
