package com.sttgateway.journal;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of a real S3 server that holds the GETs of some object keys until the test lets them through, as a
 * slow object store would: the Host header is kept, so the client's signatures still verify. For tests; close it with the Vertx.
 */
public final class SlowStore {

  private final HttpServer server;
  private final Promise<Void> gate;

  private SlowStore(HttpServer server, Promise<Void> gate) {
    this.server = server;
    this.gate = gate;
  }

  /** Proxies to {@code s3Port}; a GET whose path {@code held} accepts waits until {@link #release}. */
  public static SlowStore start(Vertx vertx, int s3Port, Predicate<String> held) {
    HttpClient client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(64));
    Promise<Void> gate = Promise.promise();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      req.pause();
      if (req.method() == HttpMethod.GET && held.test(req.path())) {
        gate.future().onComplete(v -> forward(client, s3Port, req));
      } else {
        forward(client, s3Port, req);
      }
    }).listen(0, "127.0.0.1").await();
    return new SlowStore(server, gate);
  }

  /** Lets the held reads, and every later one, through. */
  public void release() {
    gate.tryComplete();
  }

  private static void forward(HttpClient client, int s3Port, HttpServerRequest req) {
    RequestOptions options = new RequestOptions().setMethod(req.method()).setURI(req.uri())
        .setServer(SocketAddress.inetSocketAddress(s3Port, "127.0.0.1"))
        .setHost(req.authority().host()).setPort(req.authority().port());
    client.request(options).compose(out -> {
      req.headers().forEach((name, value) -> {
        if (!name.equalsIgnoreCase("Host")) {
          out.putHeader(name, value);
        }
      });
      return out.send(req);
    }).onSuccess(in -> {
      req.response().setStatusCode(in.statusCode());
      req.response().headers().addAll(in.headers());
      in.pipeTo(req.response());
    }).onFailure(err -> req.response().setStatusCode(502).end());
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }
}
