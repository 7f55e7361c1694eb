package com.sttgateway.simulator;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client's callback endpoint for tests: answers challenges (correctly unless told otherwise), records requests. */
final class CallbackServer {

  /** One request the simulator made to this server. */
  record Received(HttpMethod method, String uri, MultiMap headers, Buffer body) {
  }

  final List<Received> received = new CopyOnWriteArrayList<>();
  volatile int challengeStatus = 200;
  volatile String challengeOverride;
  private final HttpServer server;

  private CallbackServer(HttpServer server) {
    this.server = server;
  }

  static CallbackServer start(Vertx vertx) {
    CallbackServer[] holder = new CallbackServer[1];
    HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      CallbackServer self = holder[0];
      self.received.add(new Received(request.method(), request.uri(), MultiMap.caseInsensitiveMultiMap()
          .addAll(request.headers()), body));
      if (request.method() == HttpMethod.GET) {
        String challenge = self.challengeOverride != null ? self.challengeOverride : request.getParam("challenge_string");
        request.response().setStatusCode(self.challengeStatus).putHeader("Content-Type", "text/plain").end(challenge);
      } else {
        request.response().setStatusCode(200).end();
      }
    }));
    holder[0] = new CallbackServer(server);
    SimTestSupport.await(server.listen(0, "127.0.0.1"));
    return holder[0];
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  List<Received> posts() {
    return received.stream().filter(r -> r.method() == HttpMethod.POST).toList();
  }

  List<Received> gets() {
    return received.stream().filter(r -> r.method() == HttpMethod.GET).toList();
  }
}
