package com.sttgateway.callbacks;

import com.sttgateway.simulator.SignatureAlgorithm;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client's callback server for tests, a real HTTP server on an ephemeral port: answers challenges, checks every
 * signature itself with the algorithm it expects, and records each notification in arrival order.
 */
final class Receiver implements AutoCloseable {

  /** One notification as the client saw it. */
  record Notification(String id, String event, String userToken, boolean signatureValid, JsonObject body) {}

  /** One challenge GET as the client saw it. */
  record Challenge(String challenge, boolean signatureValid, String accept) {}

  final List<Notification> notifications = new CopyOnWriteArrayList<>();
  final List<Challenge> challenges = new CopyOnWriteArrayList<>();
  /** Notifications answered with a status other than 2xx (the receiver "down"). */
  final List<String> refused = new CopyOnWriteArrayList<>();
  /** The status notifications are answered with; 503 plays a receiver that is down. */
  volatile int status = 200;
  private final HttpServer server;

  private Receiver(HttpServer server) {
    this.server = server;
  }

  static Receiver start(Vertx vertx, String secret, String algorithm) {
    Receiver[] self = new Receiver[1];
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      String signature = req.getHeader("X-Callback-Signature");
      if (req.method() == HttpMethod.GET) {
        String challenge = req.getParam("challenge_string");
        self[0].challenges.add(new Challenge(challenge, valid(secret, algorithm, challenge.getBytes(
            StandardCharsets.UTF_8), signature), req.getHeader("Accept")));
        req.response().putHeader("Content-Type", "text/plain").end(challenge);
        return;
      }
      JsonObject json = body.toJsonObject();
      if (self[0].status / 100 != 2) {
        self[0].refused.add(json.getString("event"));
        req.response().setStatusCode(self[0].status).end();
        return;
      }
      self[0].notifications.add(new Notification(json.getString("id"), json.getString("event"),
          json.getString("user_token"), valid(secret, algorithm, body.getBytes(), signature), json));
      req.response().setStatusCode(200).end();
    }));
    self[0] = new Receiver(server.listen(0, "127.0.0.1").await());
    return self[0];
  }

  private static boolean valid(String secret, String algorithm, byte[] message, String signature) {
    // The simulator's signer, not the gateway's: an independent implementation of the same HMAC.
    return signature != null && signature.equals(SignatureAlgorithm.parse(algorithm).sign(secret, message));
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  List<Notification> of(String id) {
    return notifications.stream().filter(n -> id.equals(n.id())).toList();
  }

  @Override
  public void close() {
    server.close().await();
  }
}
