package com.sttgateway.simulator;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * The callback allowlist (URL to optional secret) and the challenge GET that admits a URL to it.
 * Thread-safe: event loops register and look up, wipe() clears from any thread.
 */
final class CallbackRegistry {

  /** An allowlisted URL and the secret its notifications are signed with (null: unsigned). */
  record Registration(String url, String secret) {
    @Override
    public String toString() {
      return "Registration[url=" + url + ", secret=" + (secret == null ? "none" : "<redacted>") + "]";
    }
  }

  enum Outcome { CREATED, ALREADY_CREATED }

  static final String SIGNATURE_HEADER = "X-Callback-Signature";
  private static final long CHALLENGE_TIMEOUT_MS = 5_000;
  private static final String ALPHANUMERICS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final ConcurrentHashMap<String, Registration> allowlist = new ConcurrentHashMap<>();
  private final HttpClient client;
  private final SignatureAlgorithm algorithm;

  CallbackRegistry(HttpClient client, SignatureAlgorithm algorithm) {
    this.client = client;
    this.algorithm = algorithm;
  }

  // UNCONFIRMED upstream behaviour: chose to keep the first secret on re-registration because unregister+register then always works.
  Future<Outcome> register(String url, String secret) {
    if (allowlist.containsKey(url)) {
      return Future.succeededFuture(Outcome.ALREADY_CREATED);
    }
    return challenge(url, secret).map(v -> {
      allowlist.putIfAbsent(url, new Registration(url, secret));
      return Outcome.CREATED;
    });
  }

  boolean unregister(String url) {
    return allowlist.remove(url) != null;
  }

  Optional<Registration> find(String url) {
    return Optional.ofNullable(allowlist.get(url));
  }

  boolean allowlisted(String url) {
    return allowlist.containsKey(url);
  }

  Set<String> urls() {
    return Set.copyOf(allowlist.keySet());
  }

  void clear() {
    allowlist.clear();
  }

  /** One GET with challenge_string; the server must answer 200 with exactly that string within 5 s. */
  private Future<Void> challenge(String url, String secret) {
    String challenge = randomChallenge();
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        // UNCONFIRMED upstream behaviour: chose "&" after an existing query because that keeps the client's URL valid.
        .setAbsoluteURI(url + (url.contains("?") ? "&" : "?") + "challenge_string=" + challenge)
        .setTimeout(CHALLENGE_TIMEOUT_MS)
        .putHeader(HttpHeaders.ACCEPT, "text/plain");
    if (secret != null) {
      options.putHeader(SIGNATURE_HEADER, algorithm.sign(secret, challenge));
    }
    return client.request(options)
        .compose(HttpClientRequest::send)
        .compose(response -> response.body().compose(body -> verify(url, response, body, challenge)))
        .recover(error -> Future.failedFuture(error instanceof ApiException ? error : unreachable(url, error)));
  }

  private static Future<Void> verify(String url, HttpClientResponse response, Buffer body, String challenge) {
    if (response.statusCode() != 200) {
      return Future.failedFuture(refused(url, "callback server responded with status code " + response.statusCode()));
    }
    if (!body.toString().equals(challenge)) {
      return Future.failedFuture(refused(url, "callback server did not echo the challenge string"));
    }
    return Future.succeededFuture();
  }

  private static ApiException unreachable(String url, Throwable error) {
    if (error instanceof TimeoutException) {
      return refused(url, "callback server did not respond within 5 seconds");
    }
    return refused(url, "callback server could not be reached (" + error.getMessage() + ")");
  }

  private static ApiException refused(String url, String reason) {
    return ApiException.badRequest("unable to register callback url '" + url + "', " + reason);
  }

  private static String randomChallenge() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder challenge = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      challenge.append(ALPHANUMERICS.charAt(random.nextInt(ALPHANUMERICS.length())));
    }
    return challenge.toString();
  }
}
