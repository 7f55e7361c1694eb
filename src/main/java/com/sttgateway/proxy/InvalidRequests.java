package com.sttgateway.proxy;

import com.sttgateway.GatewayException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.VertxConnection;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * What a server does with requests Netty could not parse (too long a request line: 414, too large headers: 431,
 * anything else: 400): an answer in the upstream's error shape, then the connection closes, as Vert.x's default
 * does with an empty body. Also keeps clients that leave or send garbage out of the warnings: a connection's errors
 * are logged at FINE then, as one WARNING line otherwise. Event loop only.
 */
public final class InvalidRequests {

  private static final Logger LOG = Logger.getLogger(InvalidRequests.class.getName());

  private InvalidRequests() {}

  /** {@code server} serving {@code handler}, with these behaviours installed; call before {@code listen}. */
  public static HttpServer guard(HttpServer server, Handler<HttpServerRequest> handler) {
    return server.invalidRequestHandler(InvalidRequests::answer).connectionHandler(InvalidRequests::watch)
        .exceptionHandler(err -> log("a connection", err)) // errors before or outside the connection handler
        .requestHandler(request -> {
          watch(request);
          handler.handle(request);
        });
  }

  private static void watch(HttpServerRequest request) {
    onUnreadableBody(request, (response, err) ->
        new GatewayException(400, "the request body is not valid HTTP/1.1 framing").respond(response));
  }

  /**
   * While {@code request} is read, a body Netty cannot read (a chunk size that is not hex; in a server that inflates
   * bodies, one that is not the gzip it claims) is answered by {@code answer}, with Connection: close, before Vert.x
   * closes the connection: Vert.x tells the connection first and then the request's reader, by which time an
   * answer made after a round trip (the upstream's, or a route's) can no longer be sent.
   */
  public static void onUnreadableBody(HttpServerRequest request,
      BiConsumer<HttpServerResponse, Throwable> answer) {
    HttpConnection connection = request.connection();
    connection.exceptionHandler(err -> {
      log("connection " + connection.remoteAddress(), err);
      if (isFraming(err) && !request.response().headWritten()) {
        request.response().putHeader("Connection", "close");
        answer.accept(request.response(), err);
        if (connection instanceof VertxConnection inRead) {
          inRead.flush(); // written during a read, so not flushed yet: Vert.x closes the channel next
        }
      }
    });
  }

  private static boolean isFraming(Throwable err) {
    return err instanceof DecoderException || err instanceof TooLongFrameException
        || err instanceof NumberFormatException;
  }

  static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    GatewayException error;
    if (cause instanceof TooLongHttpLineException) {
      error = new GatewayException(414, "the request line is longer than this server accepts");
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = new GatewayException(431, "the request headers are larger than this server accepts");
    } else {
      error = new GatewayException(400, "the request is not valid HTTP/1.1");
    }
    HttpServerResponse response = request.response().putHeader("Connection", "close");
    response.endHandler(v -> request.connection().close());
    error.respond(response);
  }

  /**
   * Logs {@code connection}'s errors at FINE when the peer left or sent garbage, else as one WARNING line; without
   * a handler Vert.x logs each as SEVERE.
   */
  private static void watch(HttpConnection connection) {
    connection.exceptionHandler(err -> log("connection " + connection.remoteAddress(), err));
  }

  private static void log(String what, Throwable err) {
    if (clientsDoing(err)) {
      LOG.fine(() -> what + " ended: " + err);
    } else {
      LOG.warning(what + " failed: " + err);
    }
  }

  /**
   * A client that leaves (reset, broken pipe, closed mid-request) or sends bytes that are not HTTP (Netty's
   * decoder failures, a chunk size that is not hex): nothing the gateway can fix, so not worth a warning.
   */
  static boolean clientsDoing(Throwable err) {
    if (err instanceof HttpClosedException || err instanceof ClosedChannelException
        || err instanceof DecoderException || err instanceof TooLongFrameException
        || err instanceof NumberFormatException || err instanceof IllegalArgumentException) {
      return true;
    }
    return err instanceof IOException; // connection reset by peer, broken pipe: the socket went away
  }
}
