package com.sttgateway.proxy;

import com.sttgateway.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.logging.Logger;

/**
 * The client port's handler: the intercepted route families in order, then the passthrough. The one place where a
 * failure becomes the client's answer, in the upstream's error shape. Event loop only.
 */
public final class FrontDoor implements Handler<HttpServerRequest> {

  private static final Logger LOG = Logger.getLogger(FrontDoor.class.getName());

  private final List<RouteFamily> families;
  private final Handler<HttpServerRequest> passthrough;

  public FrontDoor(List<RouteFamily> families, Handler<HttpServerRequest> passthrough) {
    this.families = List.copyOf(families);
    this.passthrough = passthrough;
  }

  @Override
  public void handle(HttpServerRequest request) {
    for (RouteFamily family : families) {
      RouteFamily.Handling handling = family.route(request);
      if (handling != null) {
        run(handling).onSuccess(answered -> {
          if (!answered) {
            passthrough.handle(request);
          }
        }).onFailure(err -> fail(request, err));
        return;
      }
    }
    passthrough.handle(request);
  }

  private static Future<Boolean> run(RouteFamily.Handling handling) {
    try {
      return handling.run();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Answers {@code err}; a request whose body was not read closes its connection rather than read it all. */
  public static void fail(HttpServerRequest request, Throwable err) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) { // answered already (a body that broke framing) or the client left
      LOG.fine(() -> request.method() + " " + request.path() + " failed after its answer: " + err);
      return;
    }
    if (!request.isEnded() && !response.headWritten()) {
      response.putHeader("Connection", "close");
    }
    GatewayException.of(err).respond(response);
    request.resume();
  }
}
